package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;

/** fp32 weights, 4 bytes each, ggml type 0. */
public final class F32Tensor implements WeightTensor {
    private final RowLayout layout;

    F32Tensor(RowLayout layout) {
        this.layout = layout;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.F32;
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
