package dev.halftone.engine.sampler;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Philox4x32-10 against Random123's known answers, PhiloxNormal against the NumPy mirror in kernels/tiny-model. */
class PhiloxNormalTest {

    @Test
    void philoxMatchesRandom123KnownAnswers() {
        int[] out = new int[4];
        Philox4x32.block(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[]{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
        Philox4x32.block(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[]{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
        Philox4x32.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
        assertArrayEquals(new int[]{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    /** Bits from kernels/tiny-model/python/halftone_tiny/philox.py (NumPy, float64 libm), 7 values: a partial block. */
    @Test
    void normalsEqualTheNumPyMirrorBitForBit() {
        assertBits(1000L, 0xbf774466, 0x3f776eed, 0xbec605a3, 0x3ec883f0, 0x3d262ff5, 0x3da07c7a, 0xbeb6b58b);
        // seed 2^64 - 7: the seed is read as unsigned 64-bit
        assertBits(-7L, 0x3fd1b3d5, 0x3fab226f, 0x3cafeb5e, 0x3d146a11, 0xbef28096, 0x3f9178ad, 0x3ec841b2);
    }

    @Test
    void aLongerDrawExtendsAShorterOne() {
        float[] shortDraw = new float[10];
        float[] longDraw = new float[1001];
        PhiloxNormal.fill(42L, shortDraw);
        PhiloxNormal.fill(42L, longDraw);
        assertArrayEquals(shortDraw, Arrays.copyOf(longDraw, 10));
        float[] other = new float[10];
        PhiloxNormal.fill(43L, other);
        assertNotEquals(Arrays.toString(shortDraw), Arrays.toString(other));
    }

    @Test
    void momentsAreStandardNormal() {
        float[] x = new float[200_000];
        PhiloxNormal.fill(7L, x);
        double sum = 0, squares = 0;
        for (float v : x) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / x.length;
        // 5 standard errors: 5/sqrt(n) for the mean, 5·sqrt(2/n) for the variance
        assertEquals(0.0, mean, 5 / Math.sqrt(x.length));
        assertEquals(1.0, squares / x.length - mean * mean, 5 * Math.sqrt(2.0 / x.length));
    }

    private static void assertBits(long seed, int... expected) {
        float[] values = new float[expected.length];
        PhiloxNormal.fill(seed, values);
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        assertArrayEquals(expected, bits);
    }
}
