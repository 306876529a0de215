package dev.halftone.formats.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian GGUF fields from a mapped file, checking every length against the bytes that remain before
 * reading or allocating: a hostile length can never cause an allocation larger than the file.
 */
final class GgufCursor {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment file;
    private long position;

    GgufCursor(MemorySegment file) {
        this.file = file;
    }

    long position() {
        return position;
    }

    long remaining() {
        return file.byteSize() - position;
    }

    /** Fails unless {@code bytes} more bytes exist. */
    void require(long bytes, String field) throws GgufFormatException {
        if (bytes < 0 || bytes > remaining()) {
            throw new GgufFormatException(field, "needs " + Long.toUnsignedString(bytes) + " bytes at offset "
                    + position + " but the file has " + remaining() + " left");
        }
    }

    int u8(String field) throws GgufFormatException {
        require(1, field);
        return file.get(ValueLayout.JAVA_BYTE, position++) & 0xff;
    }

    int u32(String field) throws GgufFormatException {
        require(4, field);
        int value = file.get(U32, position);
        position += 4;
        return value;
    }

    long u64(String field) throws GgufFormatException {
        require(8, field);
        long value = file.get(U64, position);
        position += 8;
        return value;
    }

    byte[] bytes(long count, String field) throws GgufFormatException {
        require(count, field);
        byte[] out = file.asSlice(position, count).toArray(ValueLayout.JAVA_BYTE);
        position += count;
        return out;
    }

    /** A GGUF string: u64 length then that many bytes of strict UTF-8, at most {@code maxBytes}. */
    String string(String field, long maxBytes) throws GgufFormatException {
        long length = u64(field + " length");
        if (Long.compareUnsigned(length, maxBytes) > 0) {
            throw new GgufFormatException(field, "length " + Long.toUnsignedString(length) + " exceeds " + maxBytes);
        }
        byte[] raw = bytes(length, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new GgufFormatException(field, "is not valid UTF-8");
        }
    }

    void seek(long to, String field) throws GgufFormatException {
        if (to < position || to > file.byteSize()) {
            throw new GgufFormatException(field, "offset " + to + " is outside the file");
        }
        position = to;
    }
}
