package dev.halftone.formats.int8;

/**
 * Reference W8A8 linear: Y[t, o] = ((float) Σ_k qx[t, k] · qw[o, k]) · sx[t] · sw[o] + b[o]. The integer sum is
 * exact in int32 (|q| ≤ 127, so up to 133,143 products cannot overflow); the epilogue is fp32, evaluated as
 * ((acc · sx) · sw) + b with each operation rounded to nearest even and no fused multiply-add. This is the
 * specification the engine's and the CUDA kernel's fused epilogues are tested against.
 */
public final class Int8Gemm {
    /** Longest dot product whose int32 sum cannot overflow: floor((2^31 − 1) / 127²). */
    public static final int MAX_INNER = Integer.MAX_VALUE / (127 * 127);

    private Int8Gemm() {
    }

    /** The exact int32 products Σ_k qx[t, k] · qw[o, k], shape (tokens, out). */
    public static int[] accumulate(Int8Activations x, Int8Weights w) {
        check(x, w);
        int k = w.inFeatures();
        int[] acc = new int[x.tokens() * w.outFeatures()];
        for (int t = 0; t < x.tokens(); t++) {
            for (int o = 0; o < w.outFeatures(); o++) {
                int sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += x.q()[t * k + i] * w.q()[o * k + i];
                }
                acc[t * w.outFeatures() + o] = sum;
            }
        }
        return acc;
    }

    /** Y (tokens, out) in fp32; {@code bias} may be null. */
    public static float[] linear(Int8Activations x, Int8Weights w, float[] bias) {
        if (bias != null && bias.length != w.outFeatures()) {
            throw new IllegalArgumentException("bias must hold " + w.outFeatures() + " values, has " + bias.length);
        }
        int[] acc = accumulate(x, w);
        float[] y = new float[acc.length];
        int out = w.outFeatures();
        for (int t = 0; t < x.tokens(); t++) {
            for (int o = 0; o < out; o++) {
                float v = (float) acc[t * out + o] * x.scales()[t] * w.scales()[o];
                y[t * out + o] = bias == null ? v : v + bias[o];
            }
        }
        return y;
    }

    private static void check(Int8Activations x, Int8Weights w) {
        if (x.features() != w.inFeatures()) {
            throw new IllegalArgumentException("activations have " + x.features() + " features, weights expect "
                    + w.inFeatures());
        }
        if (w.inFeatures() > MAX_INNER) {
            throw new IllegalArgumentException("inner dimension " + w.inFeatures() + " could overflow int32 (max "
                    + MAX_INNER + ")");
        }
    }
}
