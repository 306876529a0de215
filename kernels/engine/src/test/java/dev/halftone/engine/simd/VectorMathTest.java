package dev.halftone.engine.simd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorMathTest {

    /** Stated accuracy: within 2 ulp of the correctly rounded e^x on [-87, 88]; 0 below -87. */
    @Test
    void expIsWithinTwoUlp() {
        for (float x = -87f; x <= 88f; x += 0.0137f) {
            float expected = (float) StrictMath.exp(x);
            float actual = VectorMath.exp(x);
            assertTrue(Math.abs(actual - expected) <= 2 * Math.ulp(expected), "exp(" + x + ") = " + actual
                    + ", expected " + expected);
        }
        assertEquals(1f, VectorMath.exp(0f), 0f);
        assertEquals(0f, VectorMath.exp(-100f), 0f);
    }

    /** The vector body and the scalar tail give the same bits, so results do not depend on where a value falls. */
    @Test
    void vectorLanesEqualTheScalarForm() {
        SplittableRandom random = new SplittableRandom(8);
        int length = 203;
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-30, 30);
        }
        float[] silu = x.clone();
        VectorMath.siluInPlace(silu, 0, length);
        for (int i = 0; i < length; i++) {
            assertEquals(Float.floatToRawIntBits(VectorMath.silu(x[i])), Float.floatToRawIntBits(silu[i]), "lane " + i);
        }
        float[] gate = x.clone();
        float[] up = new float[length];
        for (int i = 0; i < length; i++) {
            up[i] = (float) random.nextDouble(-1, 1);
        }
        VectorMath.siluGateRow(gate, up, 0, length);
        for (int i = 0; i < length; i++) {
            assertEquals(VectorMath.silu(x[i]) * up[i], gate[i], 0f, "lane " + i);
        }
    }

    @Test
    void softmaxMatchesADoublePrecisionSoftmax() {
        SplittableRandom random = new SplittableRandom(9);
        int length = 531;
        float[] s = new float[length + 4];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) random.nextDouble(-40, 40);
        }
        float[] original = s.clone();
        VectorMath.softmaxInPlace(s, 2, length, 0.125f);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, original[2 + i] * 0.125);
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.exp(original[2 + i] * 0.125 - max);
        }
        for (int i = 0; i < length; i++) {
            double expected = Math.exp(original[2 + i] * 0.125 - max) / sum;
            assertEquals(expected, s[2 + i], 1e-6 * expected + 1e-12, "element " + i);
        }
        assertEquals(original[0], s[0], 0f);
        assertEquals(original[length + 2], s[length + 2], 0f);
    }
}
