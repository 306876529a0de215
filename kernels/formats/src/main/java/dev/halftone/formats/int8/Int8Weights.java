package dev.halftone.formats.int8;

import java.util.Objects;

/**
 * A linear layer's weight quantized per output channel: int8 {@code q} of shape (out, in), row-major, and one fp32
 * scale per output row, w[o, i] ≈ q[o, i] · scale[o] (see {@link Int8Symmetric} for the rounding).
 */
public record Int8Weights(int outFeatures, int inFeatures, byte[] q, float[] scales) {
    public Int8Weights {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(scales, "scales");
        if (outFeatures < 0 || inFeatures < 0 || (long) outFeatures * inFeatures != q.length) {
            throw new IllegalArgumentException("q must hold outFeatures × inFeatures = " + outFeatures + " × "
                    + inFeatures + " values, has " + q.length);
        }
        if (scales.length != outFeatures) {
            throw new IllegalArgumentException("scales must hold one value per output row (" + outFeatures + "), has "
                    + scales.length);
        }
    }

    /** Quantizes the fp32 weight {@code w} (out, in), row by row. */
    public static Int8Weights quantize(float[] w, int outFeatures, int inFeatures) {
        if ((long) outFeatures * inFeatures != w.length) {
            throw new IllegalArgumentException("w must hold " + outFeatures + " × " + inFeatures + " values");
        }
        byte[] q = new byte[w.length];
        float[] scales = new float[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            scales[o] = Int8Symmetric.quantize(w, o * inFeatures, inFeatures, q, o * inFeatures);
        }
        return new Int8Weights(outFeatures, inFeatures, q, scales);
    }
}
