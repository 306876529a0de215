package dev.halftone.formats.safetensors;

import java.util.List;
import java.util.Objects;

/**
 * A tensor as a safetensors header describes it: name, dtype, shape and its byte range {@code [dataBegin, dataEnd)}
 * relative to the start of the data section (the byte after the header).
 */
public record TensorInfo(String name, SafetensorsDtype dtype, List<Long> shape, long dataBegin, long dataEnd) {
    public TensorInfo {
        TensorSpec spec = new TensorSpec(name, dtype, shape);
        shape = spec.shape();
        if (dataBegin < 0 || dataEnd - dataBegin != spec.byteSize()) {
            throw new IllegalArgumentException("tensor " + name + ": data range [" + dataBegin + ", " + dataEnd
                    + ") does not hold " + spec.byteSize() + " bytes");
        }
        Objects.requireNonNull(name, "name");
    }

    public TensorSpec spec() {
        return new TensorSpec(name, dtype, shape);
    }

    public long elementCount() {
        return spec().elementCount();
    }

    public long byteSize() {
        return dataEnd - dataBegin;
    }
}
