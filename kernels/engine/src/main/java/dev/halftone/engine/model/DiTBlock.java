package dev.halftone.engine.model;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.simd.VectorMath;

/**
 * One block {@code layers.{i}}: adaLN-modulated joint attention and SwiGLU feed-forward with gated residuals
 * (docs/model.md §3; DiT's DiTBlock with RMSNorm, QK-norm and RoPE).
 */
final class DiTBlock {

    private final int d;
    private final int ffn;
    private final float eps;
    private final Linear adalnModulation;
    private final float[] attentionNorm;
    private final Linear qkv;
    private final JointAttention attention;
    private final Linear o;
    private final float[] ffnNorm;
    private final Linear w1;
    private final Linear w2;
    private final Linear w3;
    private final WorkerPool pool;

    DiTBlock(DiTConfig config, Linear adalnModulation, float[] attentionNorm, Linear qkv, JointAttention attention,
             Linear o, float[] ffnNorm, Linear w1, Linear w2, Linear w3, WorkerPool pool) {
        this.d = config.hiddenSize();
        this.ffn = config.ffnHiddenSize();
        this.eps = (float) config.normEps();
        this.adalnModulation = adalnModulation;
        this.attentionNorm = attentionNorm;
        this.qkv = qkv;
        this.attention = attention;
        this.o = o;
        this.ffnNorm = ffnNorm;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
        this.pool = pool;
    }

    /** modulate(x, shift, scale) = x·(1 + scale) + shift, in that order of float32 operations. */
    static float modulate(float x, float shift, float scale) {
        return x * (1f + scale) + shift;
    }

    /** Norms rows [0, rows) of x with weight, modulates with shift/scale at mod[shiftAt..], mod[scaleAt..]. */
    static void normModulate(float[] x, int rows, int d, float[] weight, float eps, float[] mod, int shiftAt,
                             int scaleAt, float[] out, WorkerPool pool) {
        pool.forEach(rows, i -> {
            RmsNorm.row(x, i * d, weight, eps, d, out, i * d);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = modulate(out[i * d + j], mod[shiftAt + j], mod[scaleAt + j]);
            }
        });
    }

    /** h (S, D) += gated attention and feed-forward, conditioned on silu(c) (D). */
    void forward(ActivationBuffers b, int textTokens, int sequence, ActivationObserver observer) {
        adalnModulation.apply(b.siluC, 1, b.modulation, observer);  // (6D): shift_a, scale_a, gate_a, shift_f, scale_f, gate_f
        normModulate(b.h, sequence, d, attentionNorm, eps, b.modulation, 0, d, b.normed, pool);  // a (S, D)
        qkv.apply(b.normed, sequence, b.qkv, observer);              // (S, 3D)
        attention.forward(b.qkv, textTokens, sequence, b.attended);  // (S, D)
        o.apply(b.attended, sequence, b.branch, observer);           // (S, D)
        addGated(b.h, b.branch, b.modulation, 2 * d, sequence);      // h += gate_a · o
        normModulate(b.h, sequence, d, ffnNorm, eps, b.modulation, 3 * d, 4 * d, b.normed, pool); // f (S, D)
        w1.apply(b.normed, sequence, b.gate, observer);              // (S, F)
        w3.apply(b.normed, sequence, b.up, observer);                // (S, F)
        pool.forEach(sequence, i -> VectorMath.siluGateRow(b.gate, b.up, i * ffn, ffn));  // silu(w1 f)·w3 f
        w2.apply(b.gate, sequence, b.branch, observer);              // (S, D)
        addGated(b.h, b.branch, b.modulation, 5 * d, sequence);      // h += gate_f · w2
    }

    private void addGated(float[] h, float[] y, float[] mod, int gateAt, int sequence) {
        pool.forEach(sequence, i -> {
            for (int j = 0; j < d; j++) {
                h[i * d + j] = h[i * d + j] + mod[gateAt + j] * y[i * d + j];
            }
        });
    }
}
