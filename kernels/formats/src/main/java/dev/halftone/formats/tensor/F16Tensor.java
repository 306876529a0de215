package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;

/** IEEE binary16 weights, ggml type 1. */
public final class F16Tensor implements WeightTensor {
    private final RowLayout layout;

    F16Tensor(RowLayout layout) {
        this.layout = layout;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.F16;
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
