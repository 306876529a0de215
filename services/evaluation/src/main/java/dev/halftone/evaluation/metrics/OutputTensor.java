package dev.halftone.evaluation.metrics;

import java.util.Arrays;

/** A float32 tensor a model returned: its shape and row-major values. */
public record OutputTensor(String name, long[] shape, float[] values) {

    public OutputTensor {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (count != values.length) {
            throw new IllegalArgumentException("output " + name + ": shape " + Arrays.toString(shape) + " holds "
                    + count + " values, got " + values.length);
        }
    }

    public int dim(int axis) {
        return Math.toIntExact(shape[axis]);
    }

    public int rank() {
        return shape.length;
    }
}
