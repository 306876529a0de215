package dev.halftone.formats.int8;

import java.util.Objects;

/**
 * Activations quantized per token (dynamic, at run time): int8 {@code q} of shape (tokens, features), row-major, and
 * one fp32 scale per token, x[t, k] ≈ q[t, k] · scale[t] (see {@link Int8Symmetric} for the rounding).
 */
public record Int8Activations(int tokens, int features, byte[] q, float[] scales) {
    public Int8Activations {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(scales, "scales");
        if ((long) tokens * features != q.length || scales.length != tokens) {
            throw new IllegalArgumentException("need tokens × features = " + tokens + " × " + features
                    + " values and one scale per token");
        }
    }

    /** Quantizes {@code x} (tokens, features), one scale per token. */
    public static Int8Activations quantize(float[] x, int tokens, int features) {
        if ((long) tokens * features != x.length) {
            throw new IllegalArgumentException("x must hold " + tokens + " × " + features + " values");
        }
        byte[] q = new byte[x.length];
        float[] scales = new float[tokens];
        for (int t = 0; t < tokens; t++) {
            scales[t] = Int8Symmetric.quantize(x, t * features, features, q, t * features);
        }
        return new Int8Activations(tokens, features, q, scales);
    }
}
