package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.WeightFormat;

import java.util.List;
import java.util.Objects;

/**
 * A GGUF tensor info: name, dimensions in ggml order ({@code ne[0]} first, the contiguous one: a PyTorch
 * {@code (out, in)} weight has dimensions {@code [in, out]}), element type and byte offset from the start of the data
 * section. Up to {@link #MAX_DIMS} dimensions; {@code ne[0]} must be a multiple of the type's block size.
 */
public record GgufTensorInfo(String name, List<Long> dimensions, WeightFormat type, long offset) {
    /** ggml's {@code GGML_MAX_DIMS}. */
    public static final int MAX_DIMS = 4;

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dimensions = List.copyOf(dimensions);
        if (dimensions.size() > MAX_DIMS) {
            throw new IllegalArgumentException("tensor " + name + " has " + dimensions.size() + " dimensions, at most "
                    + MAX_DIMS + " allowed");
        }
        long count = 1;
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) < 0) {
                throw new IllegalArgumentException("tensor " + name + " dimension " + i + " is negative");
            }
            count = Math.multiplyExact(count, dimensions.get(i));
        }
        long ne0 = dimensions.isEmpty() ? 1 : dimensions.getFirst();
        if (ne0 % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + ": ne[0] = " + ne0 + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        Math.multiplyExact(count / type.blockSize(), (long) type.bytesPerBlock());
        if (offset < 0) {
            throw new IllegalArgumentException("tensor " + name + " offset is negative");
        }
    }

    /** Number of elements. */
    public long elementCount() {
        long count = 1;
        for (long dim : dimensions) {
            count *= dim;
        }
        return count;
    }

    /** Bytes of the tensor's data (unpadded). */
    public long byteSize() {
        return elementCount() / type.blockSize() * type.bytesPerBlock();
    }

    /** {@code ne[0]}: elements per row (the input features of a linear weight). */
    public long rowLength() {
        return dimensions.isEmpty() ? 1 : dimensions.getFirst();
    }

    /** Rows: the product of {@code ne[1..]}. */
    public long rowCount() {
        long ne0 = rowLength();
        return ne0 == 0 ? 0 : elementCount() / ne0;
    }
}
