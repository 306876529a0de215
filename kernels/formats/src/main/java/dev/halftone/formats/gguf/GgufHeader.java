package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and validated header of a GGUF v3 file (ggml docs/gguf.md), checked as strictly as ggml's own reader
 * (src/gguf.cpp {@code gguf_init_from_file_impl}): magic, version 3, non-empty unique keys, known value types, BOOL
 * bytes 0 or 1, strict UTF-8, {@code general.alignment} a UINT32 power of two, unique tensor names shorter than
 * {@link #MAX_TENSOR_NAME_BYTES}, at most 4 dimensions, ne[0] a multiple of the block size, and offsets that place the
 * tensors in info order, each padded to the alignment, inside the file.
 *
 * @param metadata   key-value pairs in file order
 * @param tensors    tensor infos in file order
 * @param alignment  the data alignment in bytes
 * @param dataOffset file offset of the data section
 */
public record GgufHeader(int version, Map<String, GgufValue> metadata, List<GgufTensorInfo> tensors, int alignment,
        long dataOffset) {
    public static final int MAGIC = 0x4655_4747; // "GGUF" read as a little-endian u32
    public static final int VERSION = 3;
    /** Longest tensor name ggml accepts is 63 bytes ({@code GGML_MAX_NAME} = 64 including the terminator). */
    public static final int MAX_TENSOR_NAME_BYTES = 63;
    /** Longest key, per the GGUF spec. */
    public static final int MAX_KEY_BYTES = 65535;
    /** Deepest array nesting accepted (ggml's own reader accepts none). */
    public static final int MAX_ARRAY_DEPTH = 8;

    public GgufHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /** Parses the header of the mapped file {@code file}. */
    public static GgufHeader parse(MemorySegment file) throws GgufFormatException {
        GgufCursor in = new GgufCursor(file);
        int magic = in.u32("magic");
        if (magic != MAGIC) {
            throw new GgufFormatException("magic", String.format("is 0x%08x, not \"GGUF\"", magic));
        }
        int version = in.u32("version");
        if (version != VERSION) {
            throw new GgufFormatException("version", "is " + Integer.toUnsignedString(version) + "; only GGUF v3 is read");
        }
        long tensorCount = in.u64("tensor_count");
        long kvCount = in.u64("metadata_kv_count");
        // each tensor info takes at least 8 (name length) + 4 (n_dims) + 4 (type) + 8 (offset) bytes, each kv 8 + 1 + 4
        if (Long.compareUnsigned(tensorCount, in.remaining() / 24) > 0) {
            throw new GgufFormatException("tensor_count", Long.toUnsignedString(tensorCount)
                    + " tensor infos cannot fit the " + in.remaining() + " bytes left");
        }
        if (Long.compareUnsigned(kvCount, in.remaining() / 13) > 0) {
            throw new GgufFormatException("metadata_kv_count", Long.toUnsignedString(kvCount)
                    + " key-value pairs cannot fit the " + in.remaining() + " bytes left");
        }
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("kv[" + i + "].key", MAX_KEY_BYTES);
            if (key.isEmpty()) {
                throw new GgufFormatException("kv[" + i + "].key", "is empty");
            }
            String field = "kv \"" + key + "\"";
            if (metadata.containsKey(key)) {
                throw new GgufFormatException(field, "duplicate key");
            }
            metadata.put(key, readValue(in, readType(in, field + ".type"), field, 0));
        }
        int alignment = alignment(metadata);
        List<GgufTensorInfo> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            GgufTensorInfo tensor = readTensorInfo(in, i);
            if (!names.add(tensor.name())) {
                throw new GgufFormatException("tensor \"" + tensor.name() + "\"", "duplicate tensor name");
            }
            tensors.add(tensor);
        }
        long dataOffset = tensors.isEmpty() ? in.position() : pad(in.position(), alignment);
        long expected = 0;
        for (GgufTensorInfo tensor : tensors) {
            String field = "tensor \"" + tensor.name() + "\".offset";
            if (tensor.offset() != expected) {
                throw new GgufFormatException(field, "is " + tensor.offset() + ", expected " + expected
                        + " (tensors must be stored in info order, each padded to " + alignment + " bytes)");
            }
            if (tensor.byteSize() > file.byteSize() - dataOffset - tensor.offset()) {
                throw new GgufFormatException(field, "data of " + tensor.byteSize() + " bytes at " + tensor.offset()
                        + " runs past the end of the file");
            }
            expected = pad(tensor.offset() + tensor.byteSize(), alignment);
        }
        if (dataOffset > file.byteSize()) {
            throw new GgufFormatException("data section", "starts at " + dataOffset + ", past the end of the file");
        }
        return new GgufHeader(version, metadata, tensors, alignment, dataOffset);
    }

    /** {@code o} rounded up to a multiple of {@code alignment} (a power of two). */
    public static long pad(long o, long alignment) {
        return (o + alignment - 1) & -alignment;
    }

    private static int alignment(Map<String, GgufValue> metadata) throws GgufFormatException {
        GgufValue value = metadata.get(GgufKeys.ALIGNMENT);
        if (value == null) {
            return GgufKeys.DEFAULT_ALIGNMENT;
        }
        String field = "kv \"" + GgufKeys.ALIGNMENT + "\"";
        if (!(value instanceof GgufValue.UInt32(long alignment))) {
            throw new GgufFormatException(field, "must be UINT32, is " + value.type());
        }
        // ggml accepts any power of two; above 2^30 nothing sensible remains
        if (alignment == 0 || Long.bitCount(alignment) != 1 || alignment > 1 << 30) {
            throw new GgufFormatException(field, "is " + alignment + ", not a power of two up to 2^30");
        }
        return (int) alignment;
    }

    private static GgufValueType readType(GgufCursor in, String field) throws GgufFormatException {
        int id = in.u32(field);
        GgufValueType type = GgufValueType.fromId(Integer.toUnsignedLong(id));
        if (type == null) {
            throw new GgufFormatException(field, "unknown value type " + Integer.toUnsignedString(id));
        }
        return type;
    }

    private static GgufValue readValue(GgufCursor in, GgufValueType type, String field, int depth)
            throws GgufFormatException {
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8(in.u8(field));
            case INT8 -> new GgufValue.Int8((byte) in.u8(field));
            case UINT16 -> new GgufValue.UInt16(u16(in, field));
            case INT16 -> new GgufValue.Int16((short) u16(in, field));
            case UINT32 -> new GgufValue.UInt32(Integer.toUnsignedLong(in.u32(field)));
            case INT32 -> new GgufValue.Int32(in.u32(field));
            case FLOAT32 -> new GgufValue.Float32(Float.intBitsToFloat(in.u32(field)));
            case BOOL -> new GgufValue.Bool(bool(in.u8(field), field));
            case STRING -> new GgufValue.Text(in.string(field, Long.MAX_VALUE));
            case UINT64 -> new GgufValue.UInt64(in.u64(field));
            case INT64 -> new GgufValue.Int64(in.u64(field));
            case FLOAT64 -> new GgufValue.Float64(Double.longBitsToDouble(in.u64(field)));
            case ARRAY -> readArray(in, field, depth + 1);
        };
    }

    private static GgufValue.Array readArray(GgufCursor in, String field, int depth) throws GgufFormatException {
        if (depth > MAX_ARRAY_DEPTH) {
            throw new GgufFormatException(field, "arrays nested deeper than " + MAX_ARRAY_DEPTH);
        }
        GgufValueType elementType = readType(in, field + ".element_type");
        long count = in.u64(field + ".count");
        if (Long.compareUnsigned(count, in.remaining() / elementType.minimumSize()) > 0
                || count > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(field + ".count", Long.toUnsignedString(count) + " " + elementType
                    + " elements cannot fit the " + in.remaining() + " bytes left");
        }
        if (elementType.fixedSize() > 0) {
            byte[] raw = in.bytes(count * elementType.fixedSize(), field);
            if (elementType == GgufValueType.BOOL) {
                for (int i = 0; i < raw.length; i++) {
                    bool(raw[i], field + "[" + i + "]");
                }
            }
            return new GgufValue.Array(elementType, new ScalarArrayList(elementType, raw));
        }
        List<GgufValue> elements = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            elements.add(readValue(in, elementType, field + "[" + i + "]", depth));
        }
        return new GgufValue.Array(elementType, elements);
    }

    private static int u16(GgufCursor in, String field) throws GgufFormatException {
        int lo = in.u8(field);
        return lo | in.u8(field) << 8;
    }

    private static boolean bool(int b, String field) throws GgufFormatException {
        if (b != 0 && b != 1) {
            throw new GgufFormatException(field, "BOOL byte is " + (b & 0xff) + ", not 0 or 1");
        }
        return b == 1;
    }

    private static GgufTensorInfo readTensorInfo(GgufCursor in, long index) throws GgufFormatException {
        String name = in.string("tensor[" + index + "].name", MAX_TENSOR_NAME_BYTES);
        String field = "tensor \"" + name + "\"";
        int nDims = in.u32(field + ".n_dims");
        if (Integer.compareUnsigned(nDims, GgufTensorInfo.MAX_DIMS) > 0) {
            throw new GgufFormatException(field + ".n_dims", "is " + Integer.toUnsignedString(nDims)
                    + ", at most " + GgufTensorInfo.MAX_DIMS);
        }
        List<Long> dims = new ArrayList<>(nDims);
        long count = 1;
        for (int d = 0; d < nDims; d++) {
            long ne = in.u64(field + ".ne[" + d + "]");
            if (ne < 0) {
                throw new GgufFormatException(field + ".ne[" + d + "]", "is negative");
            }
            try {
                count = Math.multiplyExact(count, ne);
            } catch (ArithmeticException e) {
                throw new GgufFormatException(field + ".ne[" + d + "]", "element count overflows 64 bits");
            }
            dims.add(ne);
        }
        int typeId = in.u32(field + ".type");
        WeightFormat type = WeightFormat.fromGgmlType(typeId);
        if (type == null) {
            throw new GgufFormatException(field + ".type", "ggml type " + Integer.toUnsignedString(typeId)
                    + " is not one Halftone reads (F32 F16 BF16 Q8_0 Q4_K Q5_K Q6_K)");
        }
        long offset = in.u64(field + ".offset");
        if (offset < 0) {
            throw new GgufFormatException(field + ".offset", "is beyond 2^63");
        }
        long ne0 = dims.isEmpty() ? 1 : dims.getFirst();
        if (ne0 % type.blockSize() != 0) {
            throw new GgufFormatException(field + ".ne[0]", ne0 + " is not a multiple of the " + type
                    + " block size " + type.blockSize());
        }
        try {
            return new GgufTensorInfo(name, dims, type, offset);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new GgufFormatException(field, "size in bytes overflows 64 bits");
        }
    }
}
