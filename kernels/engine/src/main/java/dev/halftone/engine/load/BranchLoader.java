package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
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
 * shape, a supported dtype, finite values, and no tensor left over.
 */
public final class BranchLoader {

    private final KernelSet kernels;
    private final WorkerPool pool;

    public BranchLoader(KernelSet kernels, WorkerPool pool) {
        this.kernels = kernels;
        this.pool = pool;
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

    public BranchWeights load(Path path, DiTConfig config) throws IOException {
        try (BranchCheckpoint t = open(path)) {
            int d = config.hiddenSize();
            int f = config.ffnHiddenSize();
            int hd = config.headDim();
            var inputProj = t.linear("input_proj", d, config.patchDim());
            var tLinear1 = t.linear("t_embedding.linear_1", d, config.timestepEmbeddingSize());
            var tLinear2 = t.linear("t_embedding.linear_2", d, d);
            var llmCondProj = t.linear("llm_cond_proj", d, config.textHiddenSize());
            var adalnProj = t.linear("adaln_proj", d, d);
            List<BlockWeights> layers = new ArrayList<>(config.numLayers());
            for (int i = 0; i < config.numLayers(); i++) {
                String p = "layers." + i + ".";
                layers.add(new BlockWeights(
                        t.linear(p + "adaln_modulation", 6 * d, d),
                        t.vector(p + "attention_norm.weight", d),
                        t.linear(p + "attention.qkv", 3 * d, d),
                        t.vector(p + "attention.q_norm.weight", hd),
                        t.vector(p + "attention.k_norm.weight", hd),
                        t.linear(p + "attention.o", d, d),
                        t.vector(p + "ffn_norm.weight", d),
                        t.linear(p + "feed_forward.w1", f, d),
                        t.linear(p + "feed_forward.w2", d, f),
                        t.linear(p + "feed_forward.w3", f, d)));
            }
            var finalModulation = t.linear("final_layer.adaln_modulation", 2 * d, d);
            var finalLinear = t.linear("final_layer.linear", config.patchDim(), d);
            t.requireAllUsed();
            return new BranchWeights(inputProj, tLinear1, tLinear2, llmCondProj, adalnProj, layers,
                    finalModulation, finalLinear);
        }
    }
}
