package dev.halftone.engine.linear;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.ReferenceInt8Matmul;
import dev.halftone.engine.simd.VectorInt8Matmul;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W8A8 backend against a plain transcription of its documented arithmetic: per-token scales and int8 codes,
 * int32 accumulators as plain int sums, then the float32 dequantization; outputs must be bit-identical. The scale
 * rule is SmoothQuant's max(max|x'|, 1e-5)/127 (formats' Int8Symmetric), so an all-zero token gives the bias.
 */
class Int8LinearTest {

    private static final int ROWS = 9;
    private static final int K = 96;
    private static final int N = 40;

    @Test
    void outputsEqualThePlainReferenceBitForBit() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] w = new byte[N * K];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) random.nextInt(-127, 128);
        }
        float[] sw = new float[N];
        float[] bias = new float[N];
        for (int j = 0; j < N; j++) {
            sw[j] = (float) random.nextDouble(1e-3, 1e-2);
            bias[j] = (float) random.nextDouble(-1, 1);
        }
        float[] smooth = new float[K];
        for (int k = 0; k < K; k++) {
            smooth[k] = (float) random.nextDouble(0.5, 4);
        }
        float[] x = new float[ROWS * K];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (i % K == 5 ? 40 : 1));  // one outlier channel
        }
        java.util.Arrays.fill(x, 3 * K, 4 * K, 0f);  // an all-zero token
        float[] expected = plainReference(x, w, sw, smooth, bias);
        for (int threads = 1; threads <= 2; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (var kernel : new dev.halftone.engine.kernel.Int8Matmul[]{VectorInt8Matmul.INSTANCE,
                        ReferenceInt8Matmul.INSTANCE}) {
                    Int8Linear linear = new Int8Linear("test", w, sw, smooth, bias, N, K, 0, kernel, pool);
                    float[] out = new float[ROWS * N];
                    linear.forward(x, ROWS, out);
                    assertArrayEquals(expected, out, 0f);
                }
            }
        }
        for (int j = 0; j < N; j++) {
            assertEquals(bias[j], expected[3 * N + j], 0f, "zero token gives the bias");
        }
    }

    /** W8A8 error stays within what 8-bit codes allow against the float32 product of the smoothed weights. */
    @Test
    void approximatesTheFloatLayer() {
        SplittableRandom random = new SplittableRandom(12);
        float[] wf = new float[N * K];
        for (int i = 0; i < wf.length; i++) {
            wf[i] = (float) random.nextGaussian();
        }
        byte[] w = new byte[N * K];
        float[] sw = new float[N];
        for (int j = 0; j < N; j++) {
            float max = 0;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, Math.abs(wf[j * K + k]));
            }
            sw[j] = max / 127f;
            for (int k = 0; k < K; k++) {
                w[j * K + k] = (byte) Math.rint(wf[j * K + k] / sw[j]);
            }
        }
        float[] x = new float[ROWS * K];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[ROWS * N];
        try (WorkerPool pool = new WorkerPool(1)) {
            new Int8Linear("test", w, sw, null, new float[N], N, K, 0, VectorInt8Matmul.INSTANCE, pool)
                    .forward(x, ROWS, out);
        }
        double maxError = 0, maxValue = 0;
        for (int m = 0; m < ROWS; m++) {
            for (int j = 0; j < N; j++) {
                double exact = 0;
                for (int k = 0; k < K; k++) {
                    exact += (double) x[m * K + k] * wf[j * K + k];
                }
                maxError = Math.max(maxError, Math.abs(exact - out[m * N + j]));
                maxValue = Math.max(maxValue, Math.abs(exact));
            }
        }
        assertTrue(maxError / maxValue < 0.02, "relative error " + maxError / maxValue);
    }

    @Test
    void minus128IsRejected() {
        byte[] w = new byte[4];
        w[2] = Byte.MIN_VALUE;
        try (WorkerPool pool = new WorkerPool(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Int8Linear("layers.0.x",
                    w, new float[2], null, new float[2], 2, 2, 0, VectorInt8Matmul.INSTANCE, pool));
            assertTrue(e.getMessage().contains("layers.0.x.weight"));
        }
    }

    private static float[] plainReference(float[] x, byte[] w, float[] sw, float[] smooth, float[] bias) {
        float[] out = new float[ROWS * N];
        for (int m = 0; m < ROWS; m++) {
            float max = 0f;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, Math.abs(x[m * K + k] / smooth[k]));
            }
            float sx = Math.max(max, 1e-5f) / 127f;
            int[] q = new int[K];
            for (int k = 0; k < K; k++) {
                q[k] = (int) Math.max(-127, Math.min(127, Math.rint(x[m * K + k] / smooth[k] / sx)));
            }
            for (int j = 0; j < N; j++) {
                int acc = 0;
                for (int k = 0; k < K; k++) {
                    acc += q[k] * w[j * K + k];
                }
                out[m * N + j] = (float) acc * sx * sw[j] + bias[j];
            }
        }
        return out;
    }
}
