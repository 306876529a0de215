package dev.halftone.formats.numeric;

/**
 * FP8 E4M3FN (OCP 8-bit floating point, "fn": finite, no infinities): 1 sign, 4 exponent (bias 7), 3 mantissa bits;
 * largest finite 448, smallest normal 2^-6, subnormals m·2^-9; {@code S.1111.111} is NaN. Stored by safetensors as
 * {@code F8_E4M3} and by PyTorch as {@code torch.float8_e4m3fn}.
 *
 * <p>Encode rounds to nearest, ties to even, and <b>saturates</b>: every magnitude at or above 448, infinities
 * included, becomes ±448 (like CUDA's {@code cvt.rn.satfinite}; PyTorch's cast would give NaN instead). NaN becomes
 * {@code 0x7F} with the sign kept. Decode is exact.
 */
public final class Fp8E4M3 {
    /** Largest finite value, 1.75·2^8. */
    public static final float MAX_VALUE = 448f;
    /** Bits of +448; ±448 is where encode saturates. */
    public static final byte MAX_BITS = 0x7e;
    /** Bits of the positive NaN. */
    public static final byte NAN_BITS = 0x7f;

    private static final int MAX_VALUE_BITS = 0x43e0_0000;
    /** 2^-6, the smallest normal. */
    private static final int MIN_NORMAL_BITS = 0x3c80_0000;
    /** 2^-10, half the smallest subnormal: this and below round to zero. */
    private static final int HALF_MIN_SUBNORMAL_BITS = 0x3a80_0000;
    /** (127 - 7) << 23: moves a float exponent to the E4M3 bias. */
    private static final int REBIAS = 0x3c00_0000;

    private Fp8E4M3() {
    }

    /** Rounds {@code value} to E4M3FN, nearest even, saturating at ±448; returns the 8 bits. */
    public static byte encode(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 24) & 0x80;
        int abs = bits & 0x7fff_ffff;
        if (abs > 0x7f80_0000) {
            return (byte) (sign | NAN_BITS);
        }
        if (abs >= MAX_VALUE_BITS) {
            return (byte) (sign | MAX_BITS);
        }
        if (abs >= MIN_NORMAL_BITS) {
            // round the 23-bit mantissa to 3 bits at bit 20, ties to even; below 448 the carry never reaches NaN
            int rounded = abs + 0x7_ffff + ((abs >>> 20) & 1);
            return (byte) (sign | ((rounded - REBIAS) >>> 20));
        }
        if (abs <= HALF_MIN_SUBNORMAL_BITS) {
            return (byte) sign;
        }
        // subnormal result in units of 2^-9: significand (with hidden bit) shifted right by 141 - exponent
        int exponent = abs >>> 23;
        int significand = (abs & 0x007f_ffff) | 0x0080_0000;
        int shift = 141 - exponent;
        int quotient = significand >>> shift;
        int remainder = significand & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (quotient & 1) == 1)) {
            quotient++;
        }
        return (byte) (sign | quotient);
    }

    /** Exact value of the E4M3FN bits {@code fp8}. */
    public static float decode(byte fp8) {
        int b = fp8 & 0xff;
        int sign = (b & 0x80) << 24;
        int exponent = (b >>> 3) & 0xf;
        int mantissa = b & 0x7;
        if (exponent == 0xf && mantissa == 0x7) {
            return Float.intBitsToFloat(sign | 0x7fc0_0000);
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | ((exponent + 120) << 23) | (mantissa << 20));
        }
        float magnitude = mantissa * 0x1p-9f;
        return sign == 0 ? magnitude : -magnitude;
    }

    /**
     * The FP8 reference checkpoint's weight value (docs/model.md §5): {@code bf16_rne(decode(q) · scale)} with the
     * product taken exactly (a 4-bit by 24-bit significand product fits a double) and rounded once to bfloat16,
     * nearest even. Returns the bfloat16 bits.
     */
    public static short decodeScaledToBf16(byte fp8, float scale) {
        return Bf16.encodeExact((double) decode(fp8) * scale);
    }
}
