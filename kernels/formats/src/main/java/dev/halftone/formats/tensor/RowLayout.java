package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Rows of one format over a segment: checks the segment's size once and decodes rows with the format's reference
 * codec, block by block for {@link #dot}. Shared by the weight tensor classes by composition.
 */
record RowLayout(WeightFormat format, MemorySegment data, long rows, int columns) {
    RowLayout {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(data, "data");
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("rows and columns must be non-negative, got " + rows + " × " + columns);
        }
        long expected = Math.multiplyExact(rows, format.rowBytes(columns));
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException(format + " tensor of " + rows + " × " + columns + " needs " + expected
                    + " bytes, the segment has " + data.byteSize());
        }
    }

    long rowBytes() {
        return format.rowBytes(columns);
    }

    RowCodec codec() {
        return RowCodecs.reference(format);
    }

    void dequantizeRow(long row, float[] dst, int dstOffset) {
        Objects.checkIndex(row, rows);
        codec().dequantize(data, row * rowBytes(), dst, dstOffset, columns);
    }

    float dot(long row, float[] x, int xOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(xOffset, columns, x.length);
        int block = format.blockSize();
        float[] decoded = new float[block];
        RowCodec codec = codec();
        long base = row * rowBytes();
        float sum = 0f;
        for (int b = 0; b < columns; b += block) {
            codec.dequantize(data, base + (long) (b / block) * format.bytesPerBlock(), decoded, 0, block);
            for (int i = 0; i < block; i++) {
                sum += decoded[i] * x[xOffset + b + i];
            }
        }
        return sum;
    }
}
