package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;

/**
 * A read-only 2-D weight matrix in one {@link WeightFormat}, over a {@link MemorySegment} (typically a slice of a
 * mapped GGUF file). ggml layout: {@link #columns()} = ne[0] values per row, contiguous and block-encoded along the
 * row; {@link #rows()} = ne[1]. For a linear layer y = W·x, a row is one output's weights and {@link #dot} is one
 * output. The methods here are the scalar reference; {@code quant.simd.VectorRowDot} is the fast path beside them.
 */
public sealed interface WeightTensor permits F32Tensor, F16Tensor, BF16Tensor, Q8_0Tensor, Q4_KTensor, Q5_KTensor,
        Q6_KTensor {

    WeightFormat format();

    /** ne[1]: number of rows (outputs). */
    long rows();

    /** ne[0]: values per row (inputs), a multiple of the format's block size. */
    int columns();

    /** The encoded bytes, rows × {@code format().rowBytes(columns())}. */
    MemorySegment data();

    /** Decodes row {@code row} into {@code dst[dstOffset..dstOffset+columns)}, exactly as ggml's dequantize_row_*. */
    void dequantizeRow(long row, float[] dst, int dstOffset);

    /**
     * Σ_i w[row, i]·x[xOffset + i] with the decoded weights, products and sum in fp32, summed in index order (the
     * reference order; fast paths reassociate and are compared with a tolerance).
     */
    float dot(long row, float[] x, int xOffset);

    /** Wraps {@code data} as a tensor of {@code format}: the one place a format becomes a class. */
    static WeightTensor of(WeightFormat format, MemorySegment data, long rows, int columns) {
        RowLayout layout = new RowLayout(format, data, rows, columns);
        return switch (format) {
            case F32 -> new F32Tensor(layout);
            case F16 -> new F16Tensor(layout);
            case BF16 -> new BF16Tensor(layout);
            case Q8_0 -> new Q8_0Tensor(layout);
            case Q4_K -> new Q4_KTensor(layout);
            case Q5_K -> new Q5_KTensor(layout);
            case Q6_K -> new Q6_KTensor(layout);
        };
    }
}
