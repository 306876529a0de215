package dev.halftone.formats.safetensors;

import java.util.List;
import java.util.Objects;

/**
 * A tensor's name, element type and shape (PyTorch order, last dimension contiguous), before it has a place in a file.
 */
public record TensorSpec(String name, SafetensorsDtype dtype, List<Long> shape) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (name.equals(SafetensorsFile.METADATA_KEY)) {
            throw new IllegalArgumentException("name " + SafetensorsFile.METADATA_KEY + " is reserved for metadata");
        }
        shape = List.copyOf(shape);
        long count = 1;
        for (int i = 0; i < shape.size(); i++) {
            long dim = shape.get(i);
            if (dim < 0) {
                throw new IllegalArgumentException("shape[" + i + "] of tensor " + name + " is negative: " + dim);
            }
            count = Math.multiplyExact(count, dim);
        }
        Math.multiplyExact(count, (long) dtype.byteSize());
    }

    public static TensorSpec of(String name, SafetensorsDtype dtype, long... shape) {
        return new TensorSpec(name, dtype, java.util.Arrays.stream(shape).boxed().toList());
    }

    /** Number of elements (1 for a scalar of shape []). */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    /** Bytes the tensor's data occupies. */
    public long byteSize() {
        return elementCount() * dtype.byteSize();
    }
}
