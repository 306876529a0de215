package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.model.BlockWeights;
import dev.halftone.engine.model.BranchWeights;
import dev.halftone.engine.model.DiTConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one branch from its checkpoint file (safetensors or GGUF): the only place that spells the branch's tensor
 * names (docs/model.md §3). Everything is checked here, before any sampling: every tensor present with the config's
 * shape, a supported dtype, finite values, and no tensor left over. Each linear goes to the {@link LinearPlacement}
 * first, with what the file stores for it; the layers it declines get the CPU backend of their format.
 */
public final class BranchLoader {

    private final KernelSet kernels;
    private final WorkerPool pool;
    private final LinearPlacement placement;

    /** Every linear on the CPU. */
    public BranchLoader(KernelSet kernels, WorkerPool pool) {
        this(kernels, pool, LinearPlacement.CPU);
    }

    public BranchLoader(KernelSet kernels, WorkerPool pool, LinearPlacement placement) {
        this.kernels = kernels;
        this.pool = pool;
        this.placement = placement;
    }

    private BranchCheckpoint open(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return SafetensorsCheckpoint.open(file, kernels, pool);
        }
        if (name.endsWith(".gguf")) {
            return GgufCheckpoint.open(file, kernels, pool);
        }
        throw new IOException("branch file " + file + " is neither .safetensors nor .gguf");
    }

    private LinearBackend linear(BranchCheckpoint t, String name, int out, int in, int maxRows) {
        return place(t, t.linear(name, out, in), placement, maxRows);
    }

    /**
     * The placed backend, or the CPU one when the placement declines the layer. Under a placement other than the
     * CPU's, the stored weight is checked for non-finite values before the placement sees it, so a malformed layer
     * is rejected before anything is allocated for it (on the device too); the CPU backend checks as it decodes.
     */
    static LinearBackend place(BranchCheckpoint checkpoint, StoredLinear stored, LinearPlacement placement,
                               int maxRows) {
        if (placement != LinearPlacement.CPU) {
            checkpoint.requireFinite(stored);
        }
        return placement.place(stored, maxRows).orElseGet(() -> checkpoint.cpuBackend(stored));
    }

    public BranchWeights load(Path path, DiTConfig config) throws IOException {
        try (BranchCheckpoint t = open(path)) {
            int d = config.hiddenSize();
            int f = config.ffnHiddenSize();
            int hd = config.headDim();
            int rows = config.maxSequence();   // the longest forward: every text token plus the image tokens
            var inputProj = linear(t, "input_proj", d, config.patchDim(), rows);
            var tLinear1 = linear(t, "t_embedding.linear_1", d, config.timestepEmbeddingSize(), rows);
            var tLinear2 = linear(t, "t_embedding.linear_2", d, d, rows);
            var llmCondProj = linear(t, "llm_cond_proj", d, config.textHiddenSize(), rows);
            var adalnProj = linear(t, "adaln_proj", d, d, rows);
            List<BlockWeights> layers = new ArrayList<>(config.numLayers());
            for (int i = 0; i < config.numLayers(); i++) {
                String p = "layers." + i + ".";
                layers.add(new BlockWeights(
                        linear(t, p + "adaln_modulation", 6 * d, d, rows),
                        t.vector(p + "attention_norm.weight", d),
                        linear(t, p + "attention.qkv", 3 * d, d, rows),
                        t.vector(p + "attention.q_norm.weight", hd),
                        t.vector(p + "attention.k_norm.weight", hd),
                        linear(t, p + "attention.o", d, d, rows),
                        t.vector(p + "ffn_norm.weight", d),
                        linear(t, p + "feed_forward.w1", f, d, rows),
                        linear(t, p + "feed_forward.w2", d, f, rows),
                        linear(t, p + "feed_forward.w3", f, d, rows)));
            }
            var finalModulation = linear(t, "final_layer.adaln_modulation", 2 * d, d, rows);
            var finalLinear = linear(t, "final_layer.linear", config.patchDim(), d, rows);
            t.requireAllUsed();
            return new BranchWeights(inputProj, tLinear1, tLinear2, llmCondProj, adalnProj, layers,
                    finalModulation, finalLinear);
        }
    }
}
