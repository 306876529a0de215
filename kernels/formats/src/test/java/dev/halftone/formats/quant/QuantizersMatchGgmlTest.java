package dev.halftone.formats.quant;

import dev.halftone.formats.ggml.GgmlQuantizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Halftone's reference and Vector API codecs against ggml's own {@code quantize_row_*_ref} / {@code dequantize_row_*}
 * (libggml-base.so through FFM): byte-identical blocks and bit-identical floats on fresh random data each run.
 */
class QuantizersMatchGgmlTest {
    /** Values per format per run (the acceptance floor is one million). */
    private static final int VALUES = 1 << 20;
    private static final int ROW = 4096;

    @ParameterizedTest
    @EnumSource(value = WeightFormat.class, names = {"Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void blocksAreByteIdenticalAndDecodeIdentically(WeightFormat format) {
        long seed = WeightSamples.seed();
        WeightSamples samples = new WeightSamples(seed);
        RowCodec reference = RowCodecs.reference(format);
        RowCodec fastest = RowCodecs.fastest(format);
        for (int done = 0; done < VALUES; done += ROW) {
            float[] x = samples.next(ROW);
            byte[] expected = GgmlQuantizers.quantizeRowRef(format, x);
            float[] ggmlDecoded = GgmlQuantizers.dequantizeRow(format, expected, ROW);
            for (RowCodec codec : new RowCodec[]{reference, fastest}) {
                String name = codec.getClass().getSimpleName();
                byte[] actual = quantize(codec, x);
                if (!Arrays.equals(expected, actual)) {
                    fail(name + ": " + firstDifference(format, x, expected, actual, seed));
                }
                float[] decoded = new float[ROW];
                codec.dequantize(MemorySegment.ofArray(expected), 0, decoded, 0, ROW);
                for (int i = 0; i < ROW; i++) {
                    if (Float.floatToRawIntBits(ggmlDecoded[i]) != Float.floatToRawIntBits(decoded[i])) {
                        fail(name + ": " + format + " dequantized value " + i + " is " + decoded[i] + ", ggml gives "
                                + ggmlDecoded[i] + " (seed " + seed + ")");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = WeightFormat.class, names = {"Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void quantizeChunkWithoutImatrixIsTheReferencePath(WeightFormat format) {
        float[] x = new WeightSamples(WeightSamples.seed()).next(8 * 1024);
        assertArrayEquals(GgmlQuantizers.quantizeChunk(format, x, 8), quantize(RowCodecs.reference(format), x));
    }

    @Test
    void blockSizesMatchGgml() {
        for (WeightFormat format : WeightFormat.values()) {
            long[] sizes = GgmlQuantizers.typeAndBlockSize(format);
            assertEquals(sizes[0], format.bytesPerBlock(), format + " type_size");
            assertEquals(sizes[1], format.blockSize(), format + " blck_size");
        }
    }

    static byte[] quantize(RowCodec codec, float[] x) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(codec.format().rowBytes(x.length));
            codec.quantize(x, 0, x.length, dst, 0);
            return dst.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static String firstDifference(WeightFormat format, float[] x, byte[] expected, byte[] actual, long seed) {
        int i = Arrays.mismatch(expected, actual);
        int block = i / format.bytesPerBlock();
        float[] inputs = Arrays.copyOfRange(x, block * format.blockSize(), (block + 1) * format.blockSize());
        return format + " differs from ggml at byte " + i % format.bytesPerBlock() + " of block " + block
                + " (ggml " + expected[i] + ", Halftone " + actual[i] + "); seed " + seed
                + " (replay with -Dhalftone.seed=" + seed + "); block inputs " + Arrays.toString(inputs);
    }
}
