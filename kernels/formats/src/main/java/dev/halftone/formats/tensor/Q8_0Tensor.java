package dev.halftone.formats.tensor;

import dev.halftone.formats.quant.WeightFormat;

import java.lang.foreign.MemorySegment;

/** Q8_0 weights: blocks of 32 int8 with one fp16 scale (34 bytes), ggml type 8. */
public final class Q8_0Tensor implements WeightTensor {
    private final RowLayout layout;

    Q8_0Tensor(RowLayout layout) {
        this.layout = layout;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q8_0;
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
