package dev.halftone.formats.safetensors;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp16;
import dev.halftone.formats.numeric.Fp8E4M3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Reads a checkpoint tensor's values as fp32, any run of elements at a time (so callers stream big tensors). F32 is
 * copied, F16 and BF16 decode exactly; an F8_E4M3 {@code <name>.weight} is the FP8 reference convention of
 * docs/model.md §5: w = bf16_rne(fp8 · s) with s the F32 scalar {@code <name>.weight_scale}, then widened exactly.
 * Integer dtypes are not weights and are refused.
 */
public final class CheckpointFloats {
    /** Suffix of the per-tensor scale that accompanies an FP8 weight. */
    public static final String FP8_SCALE_SUFFIX = "_scale";

    private final SafetensorsFile file;

    public CheckpointFloats(SafetensorsFile file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** Whether {@code name} is an FP8 weight's scale, consumed by {@link #read} rather than a tensor of its own. */
    public boolean isFp8Scale(String name) {
        if (!name.endsWith(FP8_SCALE_SUFFIX)) {
            return false;
        }
        String weight = name.substring(0, name.length() - FP8_SCALE_SUFFIX.length());
        return file.contains(weight) && file.tensor(weight).dtype() == SafetensorsDtype.F8_E4M3;
    }

    /** Decodes elements {@code [from, from + n)} of tensor {@code name} (row-major) into {@code dst[offset..]}. */
    public void read(String name, long from, float[] dst, int offset, int n) {
        TensorInfo tensor = file.tensor(name);
        Objects.checkFromIndexSize(from, n, tensor.elementCount());
        MemorySegment data = file.segment(name);
        switch (tensor.dtype()) {
            case F32 -> MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED, from * 4, dst, offset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[offset + i] = Fp16.decode(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, (from + i) * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[offset + i] = Bf16.decode(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, (from + i) * 2));
                }
            }
            case F8_E4M3 -> {
                float scale = fp8Scale(name);
                for (int i = 0; i < n; i++) {
                    byte q = data.get(ValueLayout.JAVA_BYTE, from + i);
                    dst[offset + i] = Bf16.decode(Fp8E4M3.decodeScaledToBf16(q, scale));
                }
            }
            case I8, U8, I32 -> throw new IllegalArgumentException("tensor \"" + name + "\" has integer dtype "
                    + tensor.dtype() + " and holds no float weights");
        }
    }

    /** The F32 scalar {@code <name>_scale} of an FP8 weight. */
    public float fp8Scale(String name) {
        String scaleName = name + FP8_SCALE_SUFFIX;
        if (!file.contains(scaleName)) {
            throw new IllegalArgumentException("FP8 tensor \"" + name + "\" has no \"" + scaleName + "\" scale");
        }
        TensorInfo scale = file.tensor(scaleName);
        if (scale.dtype() != SafetensorsDtype.F32 || scale.elementCount() != 1) {
            throw new IllegalArgumentException("\"" + scaleName + "\" must be one F32 value, is " + scale.dtype()
                    + " " + scale.shape());
        }
        return file.segment(scaleName).get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0);
    }
}
