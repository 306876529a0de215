package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;

/** Q4_K weights: 256-value super-blocks of 4-bit levels with 6-bit sub-block scales and mins (144 bytes), ggml type 12. */
public final class Q4_KTensor implements WeightTensor {
    private final RowLayout layout;

    Q4_KTensor(RowLayout layout) {
        this.layout = layout;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q4_K;
    }

    @Override
    public long rows() {
        return layout.rows();
    }

    @Override
    public int columns() {
        return layout.columns();
    }

    @Override
    public MemorySegment data() {
        return layout.data();
    }

    @Override
    public void dequantizeRow(long row, float[] dst, int dstOffset) {
        layout.dequantizeRow(row, dst, dstOffset);
    }

    @Override
    public float dot(long row, float[] x, int xOffset) {
        return layout.dot(row, x, xOffset);
    }
}
