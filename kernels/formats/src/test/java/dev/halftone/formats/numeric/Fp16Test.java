package dev.halftone.formats.numeric;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhaustive checks of {@link Fp16} against the JDK's independent binary16 conversion and exact arithmetic. */
class Fp16Test {

    @Test
    void encodeMatchesTheJdkOnEveryFloatBitPattern() {
        // the JDK keeps NaN payload bits; ggml (and Fp16) canonicalise NaN to sign | 0x7E00
        long mismatches = IntStream.range(0, 1 << 16).parallel().mapToLong(high -> {
            long bad = 0;
            for (int low = 0; low < 1 << 16; low++) {
                float x = Float.intBitsToFloat(high << 16 | low);
                short expected = Float.isNaN(x)
                        ? (short) ((Float.floatToRawIntBits(x) >>> 16 & 0x8000) | 0x7e00)
                        : Float.floatToFloat16(x);
                if (Fp16.encode(x) != expected) {
                    bad++;
                }
            }
            return bad;
        }).sum();
        assertEquals(0, mismatches);
    }

    @Test
    void decodeIsExactOnEveryHalfBitPattern() {
        for (int h = 0; h < 1 << 16; h++) {
            float actual = Fp16.decode((short) h);
            int exponent = (h >>> 10) & 0x1f;
            int mantissa = h & 0x3ff;
            boolean negative = (h & 0x8000) != 0;
            if (exponent == 0x1f) {
                assertEquals(mantissa != 0, Float.isNaN(actual), "NaN-ness of " + h);
                if (mantissa == 0) {
                    assertEquals(negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY, actual);
                }
                continue;
            }
            // value = (-1)^s · (exponent == 0 ? m : 1024 + m) · 2^(max(exponent, 1) - 25)
            BigDecimal significand = BigDecimal.valueOf(exponent == 0 ? mantissa : 1024 + mantissa);
            BigDecimal expected = significand.multiply(new BigDecimal(Math.scalb(1.0, Math.max(exponent, 1) - 25)));
            if (negative) {
                expected = expected.negate();
            }
            assertEquals(0, expected.compareTo(new BigDecimal(actual)), "value of 0x" + Integer.toHexString(h));
            assertEquals(negative, (Float.floatToRawIntBits(actual) & 0x8000_0000) != 0, "sign of " + h);
            assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) h)), Float.floatToRawIntBits(actual));
        }
    }

    @Test
    void namedCases() {
        assertEquals((short) 0x7bff, Fp16.encode(65504f));
        assertEquals((short) 0x7bff, Fp16.encode(65519.996f));
        assertEquals((short) 0x7c00, Fp16.encode(65520f), "the tie above 65504 rounds to even, i.e. infinity");
        assertEquals((short) 0x0001, Fp16.encode(0x1p-24f));
        assertEquals((short) 0x0000, Fp16.encode(0x1p-25f), "half the smallest subnormal ties to even zero");
        assertEquals((short) 0x0001, Fp16.encode(Math.nextUp(0x1p-25f)));
        assertEquals((short) 0x8000, Fp16.encode(-0f));
        assertEquals((short) 0xfe00, Fp16.encode(Float.intBitsToFloat(0xff80_0001)));
        assertEquals((short) 0x3c00, Fp16.encode(1f + 0x1p-11f), "tie between 1 and 1+2^-10 goes to even 1");
        assertEquals((short) 0x3c02, Fp16.encode(1f + 3 * 0x1p-11f), "tie between odd and even goes to even");
        assertTrue(Float.isNaN(Fp16.decode((short) 0x7e00)));
    }
}
