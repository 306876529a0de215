package dev.halftone.formats.quant;

import dev.halftone.formats.quant.simd.Q4_KVector;
import dev.halftone.formats.quant.simd.Q8_0Vector;

/**
 * The one place that maps a {@link WeightFormat} to its codec. {@link #reference} gives the scalar ports of ggml's
 * reference functions (the specification); {@link #fastest} gives the Vector API versions where they exist
 * ({@code quant.simd}), which produce identical bytes and floats (checked against the references in tests). Codecs
 * from {@link #fastest} may hold scratch: use one per thread.
 */
public final class RowCodecs {
    private RowCodecs() {
    }

    public static RowCodec reference(WeightFormat format) {
        return switch (format) {
            case F32 -> FloatCodec.F32;
            case F16 -> FloatCodec.F16;
            case BF16 -> FloatCodec.BF16;
            case Q8_0 -> Q8_0Reference.INSTANCE;
            case Q4_K -> Q4_KReference.INSTANCE;
            case Q5_K -> Q5_KReference.INSTANCE;
            case Q6_K -> Q6_KReference.INSTANCE;
        };
    }

    /** A new codec for {@code format}: the Vector API version for Q8_0 and Q4_K, the reference otherwise. */
    public static RowCodec fastest(WeightFormat format) {
        return switch (format) {
            case Q8_0 -> new Q8_0Vector();
            case Q4_K -> new Q4_KVector();
            case F32, F16, BF16, Q5_K, Q6_K -> reference(format);
        };
    }
}
