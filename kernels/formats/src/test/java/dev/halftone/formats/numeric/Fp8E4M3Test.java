package dev.halftone.formats.numeric;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhaustive checks of {@link Fp8E4M3} against rounding formulated in double arithmetic and exact decoding. */
class Fp8E4M3Test {

    /**
     * E4M3FN rounding in double: the quantum of the binade (2^(e-3), at least the subnormal 2^-9), round the multiple
     * to even with {@link Math#rint}, then saturate at 448.
     */
    private static double roundInDouble(float x) {
        double abs = Math.abs((double) x);
        if (abs == 0) {
            return x;
        }
        int exponent = Math.max(Math.getExponent(abs), -6);
        double quantum = Math.scalb(1.0, exponent - 3);
        double rounded = Math.min(Math.rint(abs / quantum) * quantum, 448.0);
        return Math.copySign(rounded, x);
    }

    @Test
    void encodeMatchesDoubleRoundingOnEveryFloatBitPattern() {
        long mismatches = IntStream.range(0, 1 << 16).parallel().mapToLong(high -> {
            long bad = 0;
            for (int low = 0; low < 1 << 16; low++) {
                float x = Float.intBitsToFloat(high << 16 | low);
                byte encoded = Fp8E4M3.encode(x);
                if (Float.isNaN(x)) {
                    bad += (encoded & 0x7f) == 0x7f && (encoded < 0) == (Float.floatToRawIntBits(x) < 0) ? 0 : 1;
                    continue;
                }
                float decoded = Fp8E4M3.decode(encoded);
                double expected = Float.isInfinite(x) ? Math.copySign(448.0, x) : roundInDouble(x);
                // compare bits so that the sign of zero counts too
                if (Double.doubleToRawLongBits(decoded) != Double.doubleToRawLongBits(expected)) {
                    bad++;
                }
            }
            return bad;
        }).sum();
        assertEquals(0, mismatches);
    }

    @Test
    void decodeIsExactOnEveryBitPattern() {
        for (int b = 0; b < 256; b++) {
            float actual = Fp8E4M3.decode((byte) b);
            int exponent = (b >>> 3) & 0xf;
            int mantissa = b & 7;
            if (exponent == 15 && mantissa == 7) {
                assertTrue(Float.isNaN(actual));
                continue;
            }
            BigDecimal significand = BigDecimal.valueOf(exponent == 0 ? mantissa : 8 + mantissa);
            BigDecimal expected = significand.multiply(new BigDecimal(Math.scalb(1.0, Math.max(exponent, 1) - 10)));
            if ((b & 0x80) != 0) {
                expected = expected.negate();
            }
            assertEquals(0, expected.compareTo(new BigDecimal(actual)), "value of 0x" + Integer.toHexString(b));
            assertEquals((b & 0x80) != 0, Float.floatToRawIntBits(actual) < 0, "sign of " + b);
            if (!Float.isNaN(actual)) {
                assertEquals((byte) b, Fp8E4M3.encode(actual), "round trip of " + b);
            }
        }
    }

    @Test
    void namedCases() {
        assertEquals(448f, Fp8E4M3.decode(Fp8E4M3.MAX_BITS));
        assertEquals(Fp8E4M3.MAX_BITS, Fp8E4M3.encode(1e9f));
        assertEquals(Fp8E4M3.MAX_BITS, Fp8E4M3.encode(Float.POSITIVE_INFINITY), "saturating, not NaN");
        assertEquals((byte) 0xfe, Fp8E4M3.encode(Float.NEGATIVE_INFINITY));
        assertEquals(0x1p-9f, Fp8E4M3.decode((byte) 1));
        assertEquals((byte) 0, Fp8E4M3.encode(0x1p-10f), "half the smallest subnormal ties to even zero");
        assertEquals((byte) 2, Fp8E4M3.encode(3 * 0x1p-10f), "tie between 1 and 2 subnormal steps goes to even");
        assertEquals((byte) 0x7f, Fp8E4M3.encode(Float.NaN));
    }

    @Test
    void scaledDecodeRoundsTheExactProductOnceToBf16() {
        byte q = Fp8E4M3.encode(1.5f);
        float scale = 0x1.56aaacp-1f;
        // 1.5·scale = 1 + 2^-8 + 2^-24 exactly: just above the bf16 tie, so it rounds up once; rounding to float first
        // lands on the tie itself, which then goes down to the even 1.0
        assertEquals(1.0078125f, Bf16.decode(Fp8E4M3.decodeScaledToBf16(q, scale)));
        assertEquals(1.0f, Bf16.decode(Bf16.encode(1.5f * scale)));
        assertEquals(Bf16.encode(-3.5f * 0.25f), Fp8E4M3.decodeScaledToBf16(Fp8E4M3.encode(-3.5f), 0.25f));
    }
}
