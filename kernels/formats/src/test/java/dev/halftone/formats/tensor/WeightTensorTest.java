package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.quant.WeightSamples;
import dev.halftone.formats.quant.simd.VectorRowDot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightTensorTest {
    /** Fast dot products reassociate: allowed error relative to Σ|w·x| (8 partial sums of 512 terms in fp32). */
    private static final double DOT_TOLERANCE = 1e-5;

    @ParameterizedTest
    @EnumSource(WeightFormat.class)
    void rowsDecodeLikeTheCodecAndDotProductsAgree(WeightFormat format) {
        int rows = 5;
        int columns = 1024;
        long seed = WeightSamples.seed();
        float[] weights = new WeightSamples(seed).next(rows * columns);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.clamp(weights[i], -60000f, 60000f); // finite in every format, F16 included
        }
        RowCodec codec = RowCodecs.reference(format);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(rows * format.rowBytes(columns));
            codec.quantize(weights, 0, rows * columns, data, 0);
            WeightTensor tensor = WeightTensor.of(format, data, rows, columns);
            assertEquals(format, tensor.format());
            float[] x = new float[columns + 3];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            VectorRowDot fast = new VectorRowDot();
            for (int r = 0; r < rows; r++) {
                float[] expected = new float[columns];
                codec.dequantize(data, r * format.rowBytes(columns), expected, 0, columns);
                float[] row = new float[columns + 1];
                tensor.dequantizeRow(r, row, 1);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(row, 1, columns + 1));
                float inOrder = 0f;
                double magnitude = 0;
                for (int i = 0; i < columns; i++) {
                    inOrder += expected[i] * x[3 + i];
                    magnitude += Math.abs((double) expected[i] * x[3 + i]);
                }
                assertEquals(inOrder, tensor.dot(r, x, 3), 0f, "reference dot is the in-order fp32 sum");
                float vector = fast.dot(tensor, r, x, 3);
                assertTrue(Math.abs(vector - inOrder) <= DOT_TOLERANCE * magnitude + 1e-30,
                        format + " row " + r + ": vector " + vector + " vs " + inOrder + " (seed " + seed + ")");
            }
            assertThrows(IndexOutOfBoundsException.class, () -> tensor.dot(rows, x, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> tensor.dot(0, x, 4));
            assertThrows(IllegalArgumentException.class, () -> WeightTensor.of(format, data, rows + 1, columns));
        }
    }
}
