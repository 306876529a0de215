package dev.halftone.formats.quant;

/**
 * The two float-to-int roundings ggml's reference quantizers use (src/ggml-quants.c), reproduced bit for bit.
 */
public final class GgmlRounding {
    /** 1.5·2^23: adding it leaves round-to-nearest-even(f) in the low mantissa bits. */
    private static final float MAGIC = 12582912f;

    private GgmlRounding() {
    }

    /**
     * ggml's {@code nearest_int}: round to nearest, ties to even, by the float-add trick. Exact for |f| ≤ 4194303;
     * beyond that ggml only asserts, so the same bit arithmetic is kept to reproduce its output on any input.
     */
    public static int nearestInt(float f) {
        return (Float.floatToRawIntBits(f + MAGIC) & 0x007f_ffff) - 0x0040_0000;
    }

    /**
     * C's {@code roundf}: round half away from zero (Java's {@code Math.round} rounds half up instead). The add is
     * done in double, where |x| + 0.5 is exact for every float below 2^52.
     */
    public static float roundHalfAwayFromZero(float x) {
        return (float) Math.copySign(Math.floor(Math.abs((double) x) + 0.5), x);
    }
}
