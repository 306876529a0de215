package dev.halftone.engine.simd;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.ReferenceF32Matmul;
import dev.halftone.engine.kernel.ReferenceInt8Matmul;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API kernels against their scalar references: bit-identical float32 (same fma chain per output) and
 * equal int32 accumulators, for shapes that exercise every tail (rows not a multiple of 6, columns not a multiple
 * of the panel width), strided inputs and outputs, and 1 to 3 threads.
 */
class MatmulKernelsTest {

    /** Shapes with k over one and over two k-slices of the fp32 kernel, and m over several tasks. */
    private static final int[][] SHAPES = {{1, 1, 1}, {5, 37, 33}, {13, 64, 48}, {50, 256, 96}, {7, 300, 17},
            {200, 530, 70}, {61, 1000, 45}};

    @Test
    void vectorF32EqualsReferenceBitForBit() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] shape : SHAPES) {
            int m = shape[0], k = shape[1], n = shape[2];
            int lda = k + 3;
            int ldc = n + 5;
            float[] a = randomFloats(random, 2 + m * lda);
            float[] w = randomFloats(random, n * k);
            PackedF32Matrix packed = PackedF32Matrix.ofRows(w, n, k);
            // with a bias and without one (the kernel then adds −0, which must leave every bit as it is)
            for (float[] bias : new float[][] {randomFloats(random, n), null}) {
                float[] expected = new float[1 + m * ldc];
                ReferenceF32Matmul.INSTANCE.multiply(a, 2, lda, m, packed, bias, expected, 1, ldc, null);
                for (int threads = 1; threads <= 3; threads++) {
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        float[] actual = new float[1 + m * ldc];
                        VectorF32Matmul.INSTANCE.multiply(a, 2, lda, m, packed, bias, actual, 1, ldc, pool);
                        assertArrayEquals(rawBits(expected), rawBits(actual),
                                "shape " + m + "x" + k + "x" + n + ", " + threads + " threads, bias " + (bias != null));
                    }
                }
                // the reference itself against a plain double dot product
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double dot = bias == null ? 0 : bias[j];
                        for (int kk = 0; kk < k; kk++) {
                            dot += (double) a[2 + i * lda + kk] * w[j * k + kk];
                        }
                        assertEquals(dot, expected[1 + i * ldc + j], 1e-5 * k);
                    }
                }
            }
        }
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void packedColumnsEqualTransposedRows() {
        SplittableRandom random = new SplittableRandom(4);
        float[] src = randomFloats(random, 40 * 70);  // (k=40 inputs, n=70 outputs) with row stride 70
        PackedF32Matrix columns = PackedF32Matrix.withCapacity(70, 40);
        columns.packColumns(src, 0, 70, 70, 40);
        for (int j = 0; j < 70; j++) {
            for (int kk = 0; kk < 40; kk++) {
                assertEquals(src[kk * 70 + j], columns.get(j, kk), 0f);
            }
        }
    }

    @Test
    void vectorInt8EqualsReferenceExactly() {
        SplittableRandom random = new SplittableRandom(5);
        for (int[] shape : SHAPES) {
            int m = shape[0], k = shape[1], n = shape[2];
            byte[] a = randomBytes(random, m * k);
            byte[] w = randomBytes(random, n * k);
            PackedInt8Matrix packed = PackedInt8Matrix.ofRows(w, n, k);
            int[] expected = new int[m * n];
            ReferenceInt8Matmul.INSTANCE.multiply(a, m, packed, expected, null);
            for (int threads = 1; threads <= 3; threads++) {
                try (WorkerPool pool = new WorkerPool(threads)) {
                    int[] actual = new int[m * n];
                    VectorInt8Matmul.INSTANCE.multiply(a, m, packed, actual, pool);
                    assertArrayEquals(expected, actual, "shape " + m + "x" + k + "x" + n);
                }
            }
        }
    }

    @Test
    void int8ExtremesAccumulateWithoutOverflow() {
        int k = 4096;
        byte[] a = new byte[7 * k];
        byte[] w = new byte[3 * k];
        java.util.Arrays.fill(a, (byte) -127);
        java.util.Arrays.fill(w, (byte) -127);
        int[] c = new int[7 * 3];
        try (WorkerPool pool = new WorkerPool(2)) {
            VectorInt8Matmul.INSTANCE.multiply(a, 7, PackedInt8Matrix.ofRows(w, 3, k), c, pool);
        }
        for (int value : c) {
            assertEquals(127 * 127 * k, value);
        }
    }

    private static float[] randomFloats(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-2, 2);
        }
        return values;
    }

    private static byte[] randomBytes(SplittableRandom random, int count) {
        byte[] values = new byte[count];
        for (int i = 0; i < count; i++) {
            values[i] = (byte) random.nextInt(-127, 128);
        }
        return values;
    }
}
