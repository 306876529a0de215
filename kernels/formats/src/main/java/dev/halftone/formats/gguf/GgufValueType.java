package dev.halftone.formats.gguf;

/** GGUF metadata value types with their on-disk ids (ggml docs/gguf.md, {@code enum gguf_type}). */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    /** One byte, 0 or 1. */
    BOOL(7, 1),
    /** u64 byte length + UTF-8 bytes, no terminator. */
    STRING(8, -1),
    /** u32 element type + u64 element count + elements; elements may themselves be arrays. */
    ARRAY(9, -1),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private final int id;
    private final int fixedSize;

    GgufValueType(int id, int fixedSize) {
        this.id = id;
        this.fixedSize = fixedSize;
    }

    public int id() {
        return id;
    }

    /** Bytes of one value, or −1 for the variable-length STRING and ARRAY. */
    public int fixedSize() {
        return fixedSize;
    }

    /** Fewest bytes one value of this type takes on disk (a length or header for STRING and ARRAY). */
    int minimumSize() {
        return switch (this) {
            case STRING -> 8;
            case ARRAY -> 12;
            default -> fixedSize;
        };
    }

    /** The type with on-disk id {@code id}, or null if there is none. */
    public static GgufValueType fromId(long id) {
        for (GgufValueType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
