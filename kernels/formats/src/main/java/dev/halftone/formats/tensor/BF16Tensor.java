package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;

/** bfloat16 weights, ggml type 30. */
public final class BF16Tensor implements WeightTensor {
    private final RowLayout layout;

    BF16Tensor(RowLayout layout) {
        this.layout = layout;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.BF16;
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
