package dev.halftone.formats.quant;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The weight encodings Halftone writes to GGUF, with ggml's type id and one block's byte layout (ggml
 * src/ggml-common.h). Block sizes and bytes per block are derived from the layouts, and checked against ggml's
 * {@code static_assert}ed sizes when the enum loads.
 */
public enum WeightFormat {
    F32(0, 1, MemoryLayout.structLayout(ValueLayout.JAVA_FLOAT.withName("value")), 4),
    F16(1, 1, MemoryLayout.structLayout(ValueLayout.JAVA_SHORT.withName("value")), 2),
    BF16(30, 1, MemoryLayout.structLayout(ValueLayout.JAVA_SHORT.withName("value")), 2),
    /** {@code block_q8_0}: fp16 scale d, 32 int8 quants; x = d·q. 8.5 bits per weight. */
    Q8_0(8, 32, MemoryLayout.structLayout(
            half("d"),
            MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withName("qs")), 34),
    /** {@code block_q4_K}: fp16 d and dmin, 12 bytes of 6-bit scales and mins, 256 4-bit quants; 4.5 bpw. */
    Q4_K(12, 256, MemoryLayout.structLayout(
            half("d"),
            half("dmin"),
            MemoryLayout.sequenceLayout(12, ValueLayout.JAVA_BYTE).withName("scales"),
            MemoryLayout.sequenceLayout(128, ValueLayout.JAVA_BYTE).withName("qs")), 144),
    /** {@code block_q5_K}: as Q4_K plus a 32-byte plane of fifth bits; 5.5 bpw. */
    Q5_K(13, 256, MemoryLayout.structLayout(
            half("d"),
            half("dmin"),
            MemoryLayout.sequenceLayout(12, ValueLayout.JAVA_BYTE).withName("scales"),
            MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withName("qh"),
            MemoryLayout.sequenceLayout(128, ValueLayout.JAVA_BYTE).withName("qs")), 176),
    /** {@code block_q6_K}: low 4 bits, high 2 bits, 16 int8 sub-block scales, fp16 d last; 6.5625 bpw. */
    Q6_K(14, 256, MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(128, ValueLayout.JAVA_BYTE).withName("ql"),
            MemoryLayout.sequenceLayout(64, ValueLayout.JAVA_BYTE).withName("qh"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("scales"),
            half("d")), 210);

    private final int ggmlType;
    private final int blockSize;
    private final StructLayout blockLayout;

    WeightFormat(int ggmlType, int blockSize, StructLayout blockLayout, int ggmlBytesPerBlock) {
        if (blockLayout.byteSize() != ggmlBytesPerBlock) {
            throw new AssertionError(name() + " block layout has " + blockLayout.byteSize()
                    + " bytes, ggml's has " + ggmlBytesPerBlock);
        }
        if (Integer.bitCount(blockSize) != 1) {
            throw new AssertionError(name() + " block size must be a power of two");
        }
        this.ggmlType = ggmlType;
        this.blockSize = blockSize;
        this.blockLayout = blockLayout;
    }

    // fp16 fields are 2-byte aligned in ggml's packed structs; blocks follow each other unpadded in a row
    private static ValueLayout half(String name) {
        return ValueLayout.JAVA_SHORT_UNALIGNED.withName(name);
    }

    /** ggml's {@code enum ggml_type} value. */
    public int ggmlType() {
        return ggmlType;
    }

    /** Weights per block (ggml's {@code blck_size}). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block (ggml's {@code type_size}). */
    public int bytesPerBlock() {
        return (int) blockLayout.byteSize();
    }

    /** One block's fields, as in ggml's {@code block_*} struct. */
    public StructLayout blockLayout() {
        return blockLayout;
    }

    /** Storage bits per weight, scales included. */
    public double bitsPerWeight() {
        return 8.0 * bytesPerBlock() / blockSize;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** Bytes of a row of {@code n} weights; {@code n} must be a multiple of the block size. */
    public long rowBytes(long n) {
        if (n < 0 || n % blockSize != 0) {
            throw new IllegalArgumentException(name() + " rows must hold a non-negative multiple of " + blockSize
                    + " weights, got " + n);
        }
        return n / blockSize * bytesPerBlock();
    }

    /** The format with ggml type id {@code ggmlType}, or null when Halftone does not support it. */
    public static WeightFormat fromGgmlType(int ggmlType) {
        for (WeightFormat format : values()) {
            if (format.ggmlType == ggmlType) {
                return format;
            }
        }
        return null;
    }
}
