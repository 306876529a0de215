package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.WeightFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A tensor to be written to GGUF: name, dimensions in ggml order ({@code ne[0]} first) and type. */
public record GgufTensorSpec(String name, List<Long> dimensions, WeightFormat type) {
    public GgufTensorSpec {
        Objects.requireNonNull(name, "name");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > GgufHeader.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name \"" + name + "\" has " + nameBytes
                    + " UTF-8 bytes; ggml accepts 1 to " + GgufHeader.MAX_TENSOR_NAME_BYTES);
        }
        // validates dimensions and block divisibility
        dimensions = new GgufTensorInfo(name, dimensions, type, 0).dimensions();
    }

    /**
     * From a PyTorch shape (outermost first): ggml stores dimensions innermost first, so a Linear weight
     * {@code (out, in)} becomes {@code [in, out]}.
     */
    public static GgufTensorSpec fromPyTorchShape(String name, List<Long> shape, WeightFormat type) {
        List<Long> reversed = new ArrayList<>(shape);
        java.util.Collections.reverse(reversed);
        return new GgufTensorSpec(name, reversed, type);
    }

    public long byteSize() {
        return new GgufTensorInfo(name, dimensions, type, 0).byteSize();
    }
}
