package dev.halftone.engine.model;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.F32Matmul;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.simd.VectorMath;
import dev.halftone.engine.text.TextHiddenStates;

import java.util.ArrayList;
import java.util.List;

/**
 * One branch of the single-stream flow-matching DiT (docs/model.md §3): (x, t, text hidden states) → velocity.
 * Owns its activation buffers, so one instance runs one forward at a time.
 */
public final class DiT {

    private final DiTConfig config;
    private final BranchWeights weights;
    private final Linear inputProj;
    private final Linear llmCondProj;
    private final Linear adalnProj;
    private final TimestepEmbedder timestepEmbedder;
    private final List<DiTBlock> blocks;
    private final FinalLayer finalLayer;
    private final Patchifier patchifier;
    private final ActivationBuffers buffers;
    private final WorkerPool pool;

    public DiT(DiTConfig config, BranchWeights weights, F32Matmul matmul, WorkerPool pool) {
        this.config = config;
        this.weights = weights;
        this.pool = pool;
        int index = 0;
        this.inputProj = new Linear(weights.inputProj(), index++);
        Linear tLinear1 = new Linear(weights.tEmbeddingLinear1(), index++);
        Linear tLinear2 = new Linear(weights.tEmbeddingLinear2(), index++);
        this.llmCondProj = new Linear(weights.llmCondProj(), index++);
        this.adalnProj = new Linear(weights.adalnProj(), index++);
        this.timestepEmbedder = new TimestepEmbedder(tLinear1, tLinear2, config.timestepEmbeddingSize(),
                config.hiddenSize());
        RotaryEmbedding2D rope = new RotaryEmbedding2D(config);
        this.blocks = new ArrayList<>(config.numLayers());
        for (BlockWeights w : weights.layers()) {
            JointAttention attention = new JointAttention(config, w.qNorm(), w.kNorm(), rope, matmul, pool);
            blocks.add(new DiTBlock(config, new Linear(w.adalnModulation(), index), w.attentionNorm(),
                    new Linear(w.qkv(), index + 1), attention, new Linear(w.o(), index + 2), w.ffnNorm(),
                    new Linear(w.w1(), index + 3), new Linear(w.w2(), index + 4), new Linear(w.w3(), index + 5),
                    pool));
            index += 6;
        }
        this.finalLayer = new FinalLayer(config, new Linear(weights.finalAdalnModulation(), index),
                new Linear(weights.finalLinear(), index + 1), pool);
        this.patchifier = new Patchifier(config);
        this.buffers = new ActivationBuffers(config);
    }

    public DiTConfig config() {
        return config;
    }

    public BranchWeights weights() {
        return weights;
    }

    /** The linears in profiling order (see {@link BranchWeights#linears()}). */
    public List<LinearBackend> linears() {
        return weights.linears();
    }

    /**
     * Velocity for latent x (C, H, W) at time t given text (T, C_text); writes it to velocity (C, H, W).
     */
    public void forward(float[] x, float t, TextHiddenStates text, float[] velocity, ActivationObserver observer) {
        int d = config.hiddenSize();
        int textTokens = text.tokens();
        int imageTokens = config.imageTokens();
        int sequence = textTokens + imageTokens;
        if (textTokens > config.textMaxTokens() || text.width() != config.textHiddenSize()) {
            throw new IllegalArgumentException("text hidden states (" + textTokens + ", " + text.width()
                    + ") do not fit config text_max_tokens " + config.textMaxTokens() + ", text_hidden_size "
                    + config.textHiddenSize());
        }
        ActivationBuffers b = buffers;
        patchifier.patchify(x, b.patches);                                         // (N, 3p²)
        inputProj.apply(b.patches, imageTokens, b.branch, observer);               // img (N, D)
        System.arraycopy(b.branch, 0, b.h, textTokens * d, imageTokens * d);
        llmCondProj.apply(text.values(), textTokens, b.branch, observer);          // txt (T, D)
        System.arraycopy(b.branch, 0, b.h, 0, textTokens * d);                     // h = [txt; img] (T+N, D)
        timestepEmbedder.forward(t, b.temb, observer);                             // temb (D)
        System.arraycopy(b.temb, 0, b.siluC, 0, d);
        VectorMath.siluInPlace(b.siluC, 0, d);
        adalnProj.apply(b.siluC, 1, b.c, observer);                                // c (D)
        System.arraycopy(b.c, 0, b.siluC, 0, d);
        VectorMath.siluInPlace(b.siluC, 0, d);                                     // silu(c) (D)
        for (DiTBlock block : blocks) {
            block.forward(b, textTokens, sequence, observer);                      // h (T+N, D)
        }
        finalLayer.forward(b, textTokens, imageTokens, observer);                  // (N, 3p²)
        patchifier.unpatchify(b.patches, velocity);                                // (C, H, W)
    }
}
