package dev.halftone.formats.numeric;

/**
 * bfloat16 conversions, bit-compatible with ggml's {@code ggml_compute_fp32_to_bf16} (src/ggml-impl.h) and PyTorch's
 * {@code tensor.to(torch.bfloat16)}: encode rounds to nearest, ties to even; overflow rounds to infinity; NaN keeps
 * its sign and top payload bits and is forced quiet (bit 6 set). Decode is exact (the bits are the float's top half).
 */
public final class Bf16 {
    private Bf16() {
    }

    /** Rounds {@code value} to bfloat16, round to nearest even; returns the 16 bits. */
    public static short encode(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fff_ffff) > 0x7f80_0000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        // add just under half an ulp plus the lowest kept bit: ties round to the even neighbour
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Exact value of the bfloat16 bits {@code bf16}. */
    public static float decode(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /**
     * Rounds a double to bfloat16 with a single rounding, to nearest even (no detour through float, so no double
     * rounding). Used where the exact value is a product that float could not hold, e.g. FP8 times its scale.
     */
    public static short encodeExact(double value) {
        if (Double.isNaN(value)) {
            return encode(Float.NaN);
        }
        int sign = (int) (Double.doubleToRawLongBits(value) >>> 48) & 0x8000;
        double abs = Math.abs(value);
        if (abs == 0) {
            return (short) sign;
        }
        // below float's normal range bfloat16 shares float's subnormal grid: quantum 2^-133
        int exponent = Math.max(Math.getExponent(abs), -126);
        // bfloat16 keeps 8 significant bits: quantum 2^(exponent-7); rint is ties-to-even on the integer multiple
        double quantum = Math.scalb(1.0, exponent - 7);
        double rounded = Math.rint(abs / quantum) * quantum;
        // exact: rounded has at most 8 significant bits; a carry past 0x1.fep127 becomes 2^128, i.e. infinity
        float asFloat = (float) rounded;
        return (short) (sign | (Float.floatToRawIntBits(asFloat) >>> 16));
    }
}
