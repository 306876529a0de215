package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A read-only 2-D weight matrix in one {@link WeightFormat}, over a {@link MemorySegment} (typically a slice of a
 * mapped GGUF file). ggml layout: {@link #columns()} = ne[0] values per row, contiguous and block-encoded along the
 * row; {@link #rows()} = ne[1]. For a linear layer y = W·x, a row is one output's weights and {@link #dot} is one
 * output. The formats differ only in their row codec, so one record serves all of them and code that needs a
 * per-format path switches on the (exhaustive) {@link #format()}. The methods here are the scalar reference;
 * {@code quant.simd.VectorRowDot} is the fast path beside them.
 *
 * @param data the encoded bytes, exactly rows × {@code format.rowBytes(columns)}
 */
public record WeightTensor(WeightFormat format, MemorySegment data, long rows, int columns) {

    public WeightTensor {
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

    /** Wraps {@code data} as a tensor of {@code format}, checking its size. */
    public static WeightTensor of(WeightFormat format, MemorySegment data, long rows, int columns) {
        return new WeightTensor(format, data, rows, columns);
    }

    /** Encoded bytes per row. */
    public long rowBytes() {
        return format.rowBytes(columns);
    }

    /** Decodes row {@code row} into {@code dst[dstOffset..dstOffset+columns)}, exactly as ggml's dequantize_row_*. */
    public void dequantizeRow(long row, float[] dst, int dstOffset) {
        Objects.checkIndex(row, rows);
        RowCodecs.reference(format).dequantize(data, row * rowBytes(), dst, dstOffset, columns);
    }

    /**
     * Σ_i w[row, i]·x[xOffset + i] with the decoded weights, products and sum in fp32 (round to nearest even each),
     * summed in index order (the reference order; fast paths reassociate and are compared with a tolerance).
     */
    public float dot(long row, float[] x, int xOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(xOffset, columns, x.length);
        int block = format.blockSize();
        float[] decoded = new float[block];
        RowCodec codec = RowCodecs.reference(format);
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
