package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.model.BlockWeights;
import dev.halftone.engine.model.BranchWeights;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.formats.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one branch from a safetensors checkpoint: the only place that spells the branch's tensor names
 * (docs/model.md §3). Everything is checked here, before any sampling: every tensor present with the config's
 * shape, a supported dtype, finite values, and no tensor left over.
 */
public final class SafetensorsBranchLoader {

    private final SafetensorsLinearLoader linears;

    public SafetensorsBranchLoader(KernelSet kernels, WorkerPool pool) {
        this.linears = new SafetensorsLinearLoader(kernels, pool);
    }

    public BranchWeights load(Path path, DiTConfig config) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            CheckpointTensors t = new CheckpointTensors(file);
            int d = config.hiddenSize();
            int f = config.ffnHiddenSize();
            int hd = config.headDim();
            var inputProj = linears.load(t, "input_proj", d, config.patchDim());
            var tLinear1 = linears.load(t, "t_embedding.linear_1", d, config.timestepEmbeddingSize());
            var tLinear2 = linears.load(t, "t_embedding.linear_2", d, d);
            var llmCondProj = linears.load(t, "llm_cond_proj", d, config.textHiddenSize());
            var adalnProj = linears.load(t, "adaln_proj", d, d);
            List<BlockWeights> layers = new ArrayList<>(config.numLayers());
            for (int i = 0; i < config.numLayers(); i++) {
                String p = "layers." + i + ".";
                layers.add(new BlockWeights(
                        linears.load(t, p + "adaln_modulation", 6 * d, d),
                        t.floats(p + "attention_norm.weight", d),
                        linears.load(t, p + "attention.qkv", 3 * d, d),
                        t.floats(p + "attention.q_norm.weight", hd),
                        t.floats(p + "attention.k_norm.weight", hd),
                        linears.load(t, p + "attention.o", d, d),
                        t.floats(p + "ffn_norm.weight", d),
                        linears.load(t, p + "feed_forward.w1", f, d),
                        linears.load(t, p + "feed_forward.w2", d, f),
                        linears.load(t, p + "feed_forward.w3", f, d)));
            }
            var finalModulation = linears.load(t, "final_layer.adaln_modulation", 2 * d, d);
            var finalLinear = linears.load(t, "final_layer.linear", config.patchDim(), d);
            t.requireAllUsed();
            return new BranchWeights(inputProj, tLinear1, tLinear2, llmCondProj, adalnProj, layers,
                    finalModulation, finalLinear);
        }
    }
}
