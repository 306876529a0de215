package dev.halftone.engine.model;

import dev.halftone.engine.linear.LinearBackend;

import java.util.ArrayList;
import java.util.List;

/** Every weight of one branch (cond or uncond), as the loader built it from a checkpoint (docs/model.md §3). */
public record BranchWeights(
        LinearBackend inputProj,
        LinearBackend tEmbeddingLinear1,
        LinearBackend tEmbeddingLinear2,
        LinearBackend llmCondProj,
        LinearBackend adalnProj,
        List<BlockWeights> layers,
        LinearBackend finalAdalnModulation,
        LinearBackend finalLinear) {

    public BranchWeights {
        layers = List.copyOf(layers);
    }

    /**
     * The 6N + 7 linears in the branch's fixed order: the five before the blocks, each block's adaln_modulation,
     * qkv, o, w1, w2, w3, then the final layer's two. Profiles and layer indices use this order.
     */
    public List<LinearBackend> linears() {
        List<LinearBackend> all = new ArrayList<>(6 * layers.size() + 7);
        all.add(inputProj);
        all.add(tEmbeddingLinear1);
        all.add(tEmbeddingLinear2);
        all.add(llmCondProj);
        all.add(adalnProj);
        for (BlockWeights block : layers) {
            all.add(block.adalnModulation());
            all.add(block.qkv());
            all.add(block.o());
            all.add(block.w1());
            all.add(block.w2());
            all.add(block.w3());
        }
        all.add(finalAdalnModulation);
        all.add(finalLinear);
        return all;
    }

    /** Bytes of every linear as stored. */
    public long storedBytes() {
        return linears().stream().mapToLong(LinearBackend::storedBytes).sum();
    }
}
