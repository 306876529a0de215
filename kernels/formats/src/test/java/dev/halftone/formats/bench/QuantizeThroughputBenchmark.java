package dev.halftone.formats.bench;

import dev.halftone.formats.ggml.GgmlQuantizers;
import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.quant.WeightSamples;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Single-thread quantize and dequantize throughput (values per second) of Halftone's codecs and of ggml's reference
 * functions ({@code quantize_row_*_ref}, {@code dequantize_row_*} from libggml-base.so through FFM) on the same 1 Mi
 * values: Gaussian, heavy-tailed, zero, constant and all-positive blocks ({@link WeightSamples}, fixed seed).
 */
@State(Scope.Thread)
public class QuantizeThroughputBenchmark {
    static final int VALUES = 1 << 20;

    @Param({"Q8_0", "Q4_K"})
    public String format;

    /** ggml: its reference C; vector: Halftone's Vector API codec; reference: Halftone's scalar port. */
    @Param({"ggml", "vector", "reference"})
    public String implementation;

    private WeightFormat weightFormat;
    private RowCodec codec;
    private Arena arena;
    private float[] source;
    private MemorySegment nativeSource;
    private MemorySegment blocks;
    private float[] decoded;
    private MemorySegment nativeDecoded;

    @Setup(Level.Trial)
    public void setUp() {
        weightFormat = WeightFormat.valueOf(format);
        codec = implementation.equals("reference") ? RowCodecs.reference(weightFormat) : RowCodecs.fastest(weightFormat);
        arena = Arena.ofShared();
        source = new WeightSamples(20261125L).next(VALUES);
        nativeSource = arena.allocate((long) VALUES * Float.BYTES, 64);
        MemorySegment.copy(source, 0, nativeSource, ValueLayout.JAVA_FLOAT, 0, VALUES);
        blocks = arena.allocate(weightFormat.rowBytes(VALUES), 64);
        decoded = new float[VALUES];
        nativeDecoded = arena.allocate((long) VALUES * Float.BYTES, 64);
        GgmlQuantizers.quantizeRowRef(weightFormat, nativeSource, blocks, VALUES);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public MemorySegment quantize() {
        if (implementation.equals("ggml")) {
            GgmlQuantizers.quantizeRowRef(weightFormat, nativeSource, blocks, VALUES);
        } else {
            codec.quantize(source, 0, VALUES, blocks, 0);
        }
        return blocks;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public Object dequantize() {
        if (implementation.equals("ggml")) {
            GgmlQuantizers.dequantizeRow(weightFormat, blocks, nativeDecoded, VALUES);
            return nativeDecoded;
        }
        codec.dequantize(blocks, 0, decoded, 0, VALUES);
        return decoded;
    }
}
