package dev.halftone.engine.load;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp16;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checked access to one safetensors checkpoint: each read names the tensor in its error (missing, wrong shape,
 * unsupported dtype), and {@link #requireAllUsed()} rejects tensors the config does not explain.
 */
final class CheckpointTensors {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final SafetensorsFile file;
    private final Set<String> used = new HashSet<>();

    CheckpointTensors(SafetensorsFile file) {
        this.file = file;
    }

    SafetensorsFile file() {
        return file;
    }

    boolean contains(String name) {
        return file.contains(name);
    }

    /** The tensor's header entry after checking it exists and has the given shape. */
    TensorInfo require(String name, long... shape) {
        if (!file.contains(name)) {
            throw new CheckpointMismatchException(name, "missing from " + file.path().getFileName());
        }
        TensorInfo info = file.tensor(name);
        if (!info.shape().equals(boxed(shape))) {
            throw new CheckpointMismatchException(name, "has shape " + info.shape() + ", the config needs "
                    + boxed(shape));
        }
        used.add(name);
        return info;
    }

    /** A scalar tensor of shape () or (1). */
    TensorInfo requireScalar(String name) {
        if (!file.contains(name)) {
            throw new CheckpointMismatchException(name, "missing from " + file.path().getFileName());
        }
        TensorInfo info = file.tensor(name);
        if (info.elementCount() != 1 || info.shape().size() > 1) {
            throw new CheckpointMismatchException(name, "must be a scalar of shape () or (1), has " + info.shape());
        }
        used.add(name);
        return info;
    }

    /** Values of an F32, BF16 or F16 tensor of the given shape, widened exactly to float32. */
    float[] floats(String name, long... shape) {
        TensorInfo info = require(name, shape);
        return floats(info);
    }

    float[] floats(TensorInfo info) {
        MemorySegment bytes = file.segment(info.name());
        int count = Math.toIntExact(info.elementCount());
        float[] out = new float[count];
        switch (info.dtype()) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.getAtIndex(F32, i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Bf16.decode(bytes.getAtIndex(I16, i));
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Fp16.decode(bytes.getAtIndex(I16, i));
                }
            }
            default -> throw new CheckpointMismatchException(info.name(), "has dtype " + info.dtype()
                    + "; expected F32, BF16 or F16");
        }
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(out[i])) {
                throw new CheckpointMismatchException(info.name(), "holds a non-finite value at element " + i);
            }
        }
        return out;
    }

    /** Raw bytes of a tensor already checked by {@link #require}. */
    byte[] bytes(TensorInfo info) {
        return file.segment(info.name()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Fails naming the first tensor no reader asked for: a checkpoint with more than the config describes. */
    void requireAllUsed() {
        for (TensorInfo info : file.tensors()) {
            if (!used.contains(info.name())) {
                throw new CheckpointMismatchException(info.name(), "is not part of the model the config describes");
            }
        }
    }

    private static List<Long> boxed(long[] shape) {
        return java.util.Arrays.stream(shape).boxed().toList();
    }
}
