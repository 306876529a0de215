package dev.halftone.formats.quant;

/**
 * The one place that maps a {@link WeightFormat} to its codec. {@link #reference} gives the scalar ports of ggml's
 * reference functions (the specification); {@link #fastest} (added with the Vector API paths) gives faster versions that
 * produce identical bytes and floats (checked against the references in tests).
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
}
