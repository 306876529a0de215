package dev.halftone.cuda;

import dev.halftone.formats.numeric.Bf16;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java specification of the kernels, on cases worked out by hand. */
class LinearReferenceTest {

    private static short[] bf16(float... values) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Bf16.encode(values[i]);
        }
        return bits;
    }

    @Test
    void quantizationRoundsHalfToEvenAndSumsEach32() {
        float[] row = new float[64];
        row[0] = 127f;    // amax 127: scale 1, inverse 1
        row[1] = 2.5f;    // tie -> 2
        row[2] = 3.5f;    // tie -> 4
        row[3] = -2.5f;   // tie -> -2
        row[40] = -126.6f; // bf16(-126.6) = -126.5 -> tie -> -126
        float[] zeros = new float[64];
        float[] x = new float[128];
        System.arraycopy(row, 0, x, 0, 64);
        System.arraycopy(zeros, 0, x, 64, 64);
        var q = LinearReference.quantizeActivations(bf16(x), null, 2, 64);
        assertEquals(1f, q.scales()[0]);
        assertEquals(0f, q.scales()[1]);
        assertEquals(127, q.values()[0]);
        assertEquals(2, q.values()[1]);
        assertEquals(4, q.values()[2]);
        assertEquals(-2, q.values()[3]);
        assertEquals(-126, q.values()[40]);
        assertArrayEquals(new int[]{131, -126, 0, 0}, q.blockSums());
    }

    @Test
    void smoothingInverseMultipliesBeforeTheMaximum() {
        float[] x = new float[32];
        float[] inverse = new float[32];
        java.util.Arrays.fill(inverse, 1f);
        x[0] = 254f;
        inverse[0] = 0.5f; // v = 127
        x[1] = 8f;
        inverse[1] = 2f;   // v = 16
        var q = LinearReference.quantizeActivations(bf16(x), inverse, 1, 32);
        assertEquals(1f, q.scales()[0]);
        assertEquals(127, q.values()[0]);
        assertEquals(16, q.values()[1]);
    }

    @Test
    void epilogueAppliesScalesBiasThenGateAndResidual() {
        int[] acc = {1000, -8};
        float[] rowScale = {0.5f};
        float[] colScale = {0.25f, 1f};
        short[] out = LinearReference.epilogue(acc, rowScale, colScale, bf16(1f, 0f), null, null, 1, 2);
        assertEquals(126f, Bf16.decode(out[0]));  // 1000 * 0.5 * 0.25 + 1
        assertEquals(-4f, Bf16.decode(out[1]));
        short[] gated = LinearReference.epilogue(acc, rowScale, colScale, bf16(1f, 0f), bf16(2f, 3f),
                bf16(0.5f, -1f), 1, 2);
        assertEquals(65f, Bf16.decode(gated[0]));  // 2 + 0.5 * 126
        assertEquals(7f, Bf16.decode(gated[1]));   // 3 - (-4)
    }

    @Test
    void int8ProductIsExact() {
        byte[] a = new byte[64];
        byte[] w = new byte[96];
        for (int i = 0; i < 32; i++) {
            a[i] = (byte) -127;
            a[32 + i] = (byte) i;
            w[i] = (byte) -127;
            w[32 + i] = 1;
            w[64 + i] = (byte) (i % 2 == 0 ? 127 : -127);
        }
        int[] c = LinearReference.int8Product(a, w, 2, 3, 32);
        assertArrayEquals(new int[]{32 * 127 * 127, -32 * 127, 0, -127 * 496, 496, -127 * 16}, c);
    }

    @Test
    void nf4TakesTheHighNibbleFirst() {
        byte[] packed = new byte[32];
        packed[0] = (byte) 0xF0;  // weight 0 -> code 15 (1.0), weight 1 -> code 0 (-1.0)
        float[] absmax = {2f};
        float[] w = LinearReference.dequantizeNf4(packed, absmax, 1, 64);
        assertEquals(2f, w[0]);
        assertEquals(-2f, w[1]);
        assertEquals(-2f, w[2]); // byte 1 holds codes 0 and 0: -1.0 each
    }
}
