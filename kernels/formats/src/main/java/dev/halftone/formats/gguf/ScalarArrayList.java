package dev.halftone.formats.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The elements of a GGUF array of fixed-size scalars, kept as the file's little-endian bytes and boxed on access, so a
 * huge array costs its file size in memory and no more.
 */
final class ScalarArrayList extends AbstractList<GgufValue> implements RandomAccess {
    private final GgufValueType type;
    private final ByteBuffer bytes;
    private final int size;

    ScalarArrayList(GgufValueType type, byte[] bytes) {
        this.type = type;
        this.bytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        this.size = bytes.length / type.fixedSize();
    }

    @Override
    public GgufValue get(int index) {
        java.util.Objects.checkIndex(index, size);
        int at = index * type.fixedSize();
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8(bytes.get(at) & 0xff);
            case INT8 -> new GgufValue.Int8(bytes.get(at));
            case UINT16 -> new GgufValue.UInt16(bytes.getShort(at) & 0xffff);
            case INT16 -> new GgufValue.Int16(bytes.getShort(at));
            case UINT32 -> new GgufValue.UInt32(bytes.getInt(at) & 0xffff_ffffL);
            case INT32 -> new GgufValue.Int32(bytes.getInt(at));
            case FLOAT32 -> new GgufValue.Float32(bytes.getFloat(at));
            case BOOL -> new GgufValue.Bool(bytes.get(at) != 0);
            case UINT64 -> new GgufValue.UInt64(bytes.getLong(at));
            case INT64 -> new GgufValue.Int64(bytes.getLong(at));
            case FLOAT64 -> new GgufValue.Float64(bytes.getDouble(at));
            case STRING, ARRAY -> throw new IllegalStateException(type + " is not a fixed-size type");
        };
    }

    @Override
    public int size() {
        return size;
    }
}
