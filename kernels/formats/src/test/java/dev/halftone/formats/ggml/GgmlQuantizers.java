package dev.halftone.formats.ggml;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** ggml's own reference quantizers and dequantizers, called on Java arrays. */
public final class GgmlQuantizers {
    private GgmlQuantizers() {
    }

    /** {@code quantize_row_<format>_ref(x, y, x.length)}. */
    public static byte[] quantizeRowRef(WeightFormat format, float[] x) {
        return quantize(x, format, (src, dst) -> invoke(quantizeHandle(format), src, dst, (long) x.length));
    }

    /** {@code ggml_quantize_chunk(type, x, y, 0, rows, x.length / rows, NULL)}, the API converters call. */
    public static byte[] quantizeChunk(WeightFormat format, float[] x, int rows) {
        return quantize(x, format, (src, dst) -> {
            long written = (long) invoke(GgmlLibrary.QUANTIZE_CHUNK, format.ggmlType(), src, dst, 0L, (long) rows,
                    (long) (x.length / rows), MemorySegment.NULL);
            if (written != dst.byteSize()) {
                throw new AssertionError("ggml_quantize_chunk wrote " + written + " bytes, expected " + dst.byteSize());
            }
        });
    }

    /** {@code dequantize_row_<format>(blocks, y, n)}. */
    public static float[] dequantizeRow(WeightFormat format, byte[] blocks, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(blocks.length, 16);
            MemorySegment.copy(blocks, 0, src, ValueLayout.JAVA_BYTE, 0, blocks.length);
            MemorySegment dst = arena.allocate((long) n * Float.BYTES, 16);
            invoke(dequantizeHandle(format), src, dst, (long) n);
            return dst.toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    /** {@code quantize_row_<format>_ref} on native memory, for benchmarks: no copies around the call. */
    public static void quantizeRowRef(WeightFormat format, MemorySegment src, MemorySegment dst, long k) {
        try {
            quantizeHandle(format).invokeExact(src, dst, k);
        } catch (Throwable t) {
            throw new AssertionError("native call failed", t);
        }
    }

    /** {@code dequantize_row_<format>} on native memory, for benchmarks. */
    public static void dequantizeRow(WeightFormat format, MemorySegment src, MemorySegment dst, long k) {
        try {
            dequantizeHandle(format).invokeExact(src, dst, k);
        } catch (Throwable t) {
            throw new AssertionError("native call failed", t);
        }
    }

    /** ggml's {@code ggml_type_size} and {@code ggml_blck_size} for the format. */
    public static long[] typeAndBlockSize(WeightFormat format) {
        return new long[]{(long) invoke(GgmlLibrary.TYPE_SIZE, format.ggmlType()),
                (long) invoke(GgmlLibrary.BLCK_SIZE, format.ggmlType())};
    }

    private interface NativeCall {
        void call(MemorySegment src, MemorySegment dst);
    }

    private static byte[] quantize(float[] x, WeightFormat format, NativeCall call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate((long) x.length * Float.BYTES, 16);
            MemorySegment.copy(x, 0, src, ValueLayout.JAVA_FLOAT, 0, x.length);
            MemorySegment dst = arena.allocate(format.rowBytes(x.length), 16);
            call.call(src, dst);
            return dst.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static MethodHandle quantizeHandle(WeightFormat format) {
        return switch (format) {
            case Q8_0 -> GgmlLibrary.QUANTIZE_ROW_Q8_0_REF;
            case Q4_K -> GgmlLibrary.QUANTIZE_ROW_Q4_K_REF;
            case Q5_K -> GgmlLibrary.QUANTIZE_ROW_Q5_K_REF;
            case Q6_K -> GgmlLibrary.QUANTIZE_ROW_Q6_K_REF;
            case F32, F16, BF16 -> throw new IllegalArgumentException(format + " has no ggml block quantizer");
        };
    }

    private static MethodHandle dequantizeHandle(WeightFormat format) {
        return switch (format) {
            case Q8_0 -> GgmlLibrary.DEQUANTIZE_ROW_Q8_0;
            case Q4_K -> GgmlLibrary.DEQUANTIZE_ROW_Q4_K;
            case Q5_K -> GgmlLibrary.DEQUANTIZE_ROW_Q5_K;
            case Q6_K -> GgmlLibrary.DEQUANTIZE_ROW_Q6_K;
            case F32, F16, BF16 -> throw new IllegalArgumentException(format + " has no ggml block dequantizer");
        };
    }

    static Object invoke(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new AssertionError("native call failed", t);
        }
    }
}
