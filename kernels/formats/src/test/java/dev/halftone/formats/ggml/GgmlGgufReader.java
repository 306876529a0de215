package dev.halftone.formats.ggml;

import dev.halftone.formats.gguf.GgufValue;
import dev.halftone.formats.gguf.GgufValueType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.halftone.formats.ggml.GgmlLibrary.cString;
import static dev.halftone.formats.ggml.GgmlQuantizers.invoke;

/** Loads a GGUF file with ggml's {@code gguf_init_from_file} and reports what ggml read, in Halftone's value types. */
public final class GgmlGgufReader {

    /** A tensor as ggml read it: ne has GGML_MAX_DIMS entries (1 beyond n_dims). */
    public record Tensor(String name, List<Long> ne, int ggmlType, long offset, long size) {
    }

    /** What ggml read from a file. */
    public record Contents(int version, long alignment, long dataOffset, Map<String, GgufValue> metadata,
            List<Tensor> tensors) {
    }

    private GgmlGgufReader() {
    }

    /** Reads {@code file}; null when ggml refuses it. */
    public static Contents read(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(GgmlLibrary.GGUF_INIT_PARAMS);
            params.set(ValueLayout.JAVA_BOOLEAN, 0, true);
            params.set(ValueLayout.ADDRESS, 8, MemorySegment.NULL);
            MemorySegment ctx = (MemorySegment) invoke(GgmlLibrary.GGUF_INIT_FROM_FILE,
                    arena.allocateFrom(file.toString()), params);
            if (ctx.equals(MemorySegment.NULL)) {
                return null;
            }
            try {
                return contents(ctx);
            } finally {
                invoke(GgmlLibrary.GGUF_FREE, ctx);
            }
        }
    }

    private static Contents contents(MemorySegment ctx) {
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        long nKv = (long) invoke(GgmlLibrary.GGUF_GET_N_KV, ctx);
        for (long i = 0; i < nKv; i++) {
            String key = cString((MemorySegment) invoke(GgmlLibrary.GGUF_GET_KEY, ctx, i));
            metadata.put(key, value(ctx, i));
        }
        List<Tensor> tensors = new ArrayList<>();
        long nTensors = (long) invoke(GgmlLibrary.GGUF_GET_N_TENSORS, ctx);
        for (long i = 0; i < nTensors; i++) {
            MemorySegment ne = ((MemorySegment) invoke(GgmlLibrary.GGUF_GET_TENSOR_NE, ctx, i)).reinterpret(32);
            tensors.add(new Tensor(
                    cString((MemorySegment) invoke(GgmlLibrary.GGUF_GET_TENSOR_NAME, ctx, i)),
                    List.of(ne.getAtIndex(ValueLayout.JAVA_LONG, 0), ne.getAtIndex(ValueLayout.JAVA_LONG, 1),
                            ne.getAtIndex(ValueLayout.JAVA_LONG, 2), ne.getAtIndex(ValueLayout.JAVA_LONG, 3)),
                    (int) invoke(GgmlLibrary.GGUF_GET_TENSOR_TYPE, ctx, i),
                    (long) invoke(GgmlLibrary.GGUF_GET_TENSOR_OFFSET, ctx, i),
                    (long) invoke(GgmlLibrary.GGUF_GET_TENSOR_SIZE, ctx, i)));
        }
        return new Contents((int) invoke(GgmlLibrary.GGUF_GET_VERSION, ctx),
                (long) invoke(GgmlLibrary.GGUF_GET_ALIGNMENT, ctx),
                (long) invoke(GgmlLibrary.GGUF_GET_DATA_OFFSET, ctx), metadata, tensors);
    }

    private static GgufValue value(MemorySegment ctx, long id) {
        GgufValueType type = GgufValueType.fromId((int) invoke(GgmlLibrary.GGUF_GET_KV_TYPE, ctx, id));
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8((byte) invoke(GgmlLibrary.GGUF_GET_VAL_U8, ctx, id) & 0xff);
            case INT8 -> new GgufValue.Int8((byte) invoke(GgmlLibrary.GGUF_GET_VAL_I8, ctx, id));
            case UINT16 -> new GgufValue.UInt16((short) invoke(GgmlLibrary.GGUF_GET_VAL_U16, ctx, id) & 0xffff);
            case INT16 -> new GgufValue.Int16((short) invoke(GgmlLibrary.GGUF_GET_VAL_I16, ctx, id));
            case UINT32 -> new GgufValue.UInt32(Integer.toUnsignedLong((int) invoke(GgmlLibrary.GGUF_GET_VAL_U32, ctx, id)));
            case INT32 -> new GgufValue.Int32((int) invoke(GgmlLibrary.GGUF_GET_VAL_I32, ctx, id));
            case FLOAT32 -> new GgufValue.Float32((float) invoke(GgmlLibrary.GGUF_GET_VAL_F32, ctx, id));
            case BOOL -> new GgufValue.Bool((boolean) invoke(GgmlLibrary.GGUF_GET_VAL_BOOL, ctx, id));
            case STRING -> new GgufValue.Text(cString((MemorySegment) invoke(GgmlLibrary.GGUF_GET_VAL_STR, ctx, id)));
            case UINT64 -> new GgufValue.UInt64((long) invoke(GgmlLibrary.GGUF_GET_VAL_U64, ctx, id));
            case INT64 -> new GgufValue.Int64((long) invoke(GgmlLibrary.GGUF_GET_VAL_I64, ctx, id));
            case FLOAT64 -> new GgufValue.Float64((double) invoke(GgmlLibrary.GGUF_GET_VAL_F64, ctx, id));
            case ARRAY -> array(ctx, id);
        };
    }

    private static GgufValue array(MemorySegment ctx, long id) {
        GgufValueType elementType = GgufValueType.fromId((int) invoke(GgmlLibrary.GGUF_GET_ARR_TYPE, ctx, id));
        long n = (long) invoke(GgmlLibrary.GGUF_GET_ARR_N, ctx, id);
        List<GgufValue> elements = new ArrayList<>();
        if (elementType == GgufValueType.STRING) {
            for (long i = 0; i < n; i++) {
                elements.add(new GgufValue.Text(cString((MemorySegment) invoke(GgmlLibrary.GGUF_GET_ARR_STR, ctx, id, i))));
            }
            return new GgufValue.Array(elementType, elements);
        }
        MemorySegment data = ((MemorySegment) invoke(GgmlLibrary.GGUF_GET_ARR_DATA, ctx, id))
                .reinterpret(n * elementType.fixedSize());
        for (long i = 0; i < n; i++) {
            long at = i * elementType.fixedSize();
            elements.add(switch (elementType) {
                case UINT8 -> new GgufValue.UInt8(data.get(ValueLayout.JAVA_BYTE, at) & 0xff);
                case INT8 -> new GgufValue.Int8(data.get(ValueLayout.JAVA_BYTE, at));
                case UINT16 -> new GgufValue.UInt16(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, at) & 0xffff);
                case INT16 -> new GgufValue.Int16(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
                case UINT32 -> new GgufValue.UInt32(Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED, at)));
                case INT32 -> new GgufValue.Int32(data.get(ValueLayout.JAVA_INT_UNALIGNED, at));
                case FLOAT32 -> new GgufValue.Float32(data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, at));
                case BOOL -> new GgufValue.Bool(data.get(ValueLayout.JAVA_BYTE, at) != 0);
                case UINT64 -> new GgufValue.UInt64(data.get(ValueLayout.JAVA_LONG_UNALIGNED, at));
                case INT64 -> new GgufValue.Int64(data.get(ValueLayout.JAVA_LONG_UNALIGNED, at));
                case FLOAT64 -> new GgufValue.Float64(data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, at));
                case STRING, ARRAY -> throw new AssertionError("ggml returned nested array for " + id);
            });
        }
        return new GgufValue.Array(elementType, elements);
    }
}
