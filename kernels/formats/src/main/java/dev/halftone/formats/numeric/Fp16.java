package dev.halftone.formats.numeric;

/**
 * IEEE 754 binary16 conversions, bit-compatible with ggml's {@code GGML_FP32_TO_FP16} / {@code GGML_FP16_TO_FP32}
 * (src/ggml-impl.h): encode rounds to nearest, ties to even; overflow becomes infinity; NaN becomes the quiet NaN
 * {@code 0x7E00} with the sign kept (payload dropped, as ggml does). Decode is exact.
 */
public final class Fp16 {
    /** Largest finite binary16 value, 65504. */
    public static final float MAX_VALUE = 65504f;

    private static final int FLOAT_INF_BITS = 0x7f80_0000;
    /** 65520 = 65504 + half an ulp: from here on RNE rounds to infinity (65504's mantissa is odd). */
    private static final int OVERFLOW_BITS = 0x477f_f000;
    /** 2^-14, the smallest normal binary16. */
    private static final int MIN_NORMAL_BITS = 0x3880_0000;
    /** 2^-25, half the smallest subnormal: this and below round to zero (the tie goes to the even zero). */
    private static final int HALF_MIN_SUBNORMAL_BITS = 0x3300_0000;
    /** (127 - 15) << 23: moves a float exponent to the binary16 bias. */
    private static final int REBIAS = 0x3800_0000;

    private Fp16() {
    }

    /** Rounds {@code value} to binary16, round to nearest even; returns the 16 bits. */
    public static short encode(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fff_ffff;
        if (abs > FLOAT_INF_BITS) {
            return (short) (sign | 0x7e00);
        }
        if (abs >= OVERFLOW_BITS) {
            return (short) (sign | 0x7c00);
        }
        if (abs >= MIN_NORMAL_BITS) {
            // round the 23-bit mantissa to 10 bits at bit 13, ties to even, letting the carry reach the exponent
            int rounded = abs + 0x0fff + ((abs >>> 13) & 1);
            return (short) (sign | ((rounded - REBIAS) >>> 13));
        }
        if (abs <= HALF_MIN_SUBNORMAL_BITS) {
            return (short) sign;
        }
        // subnormal result in units of 2^-24: significand (with hidden bit) shifted right by 126 - exponent
        int exponent = abs >>> 23;
        int significand = (abs & 0x007f_ffff) | 0x0080_0000;
        int shift = 126 - exponent;
        int quotient = significand >>> shift;
        int remainder = significand & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (quotient & 1) == 1)) {
            quotient++;
        }
        return (short) (sign | quotient);
    }

    /** Exact value of the binary16 bits {@code half}. */
    public static float decode(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | FLOAT_INF_BITS | (mantissa << 13));
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }
        // zero or subnormal: mantissa * 2^-24 is exact in float
        float magnitude = mantissa * 0x1p-24f;
        return sign == 0 ? magnitude : -magnitude;
    }
}
