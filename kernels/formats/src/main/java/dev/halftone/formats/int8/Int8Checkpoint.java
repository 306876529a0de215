package dev.halftone.formats.int8;

import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsFormatException;
import dev.halftone.formats.safetensors.TensorInfo;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Halftone's INT8 W8A8 checkpoint ({@link Int8CheckpointLayout}): validates the recipe and that every quantized
 * linear has its I8 weight, F32 per-channel scales and F32 smoothing vector of matching sizes.
 */
public final class Int8Checkpoint implements AutoCloseable {
    private final SafetensorsFile file;
    private final Int8Recipe recipe;

    private Int8Checkpoint(SafetensorsFile file, Int8Recipe recipe) {
        this.file = file;
        this.recipe = recipe;
    }

    public static Int8Checkpoint open(Path path) throws IOException {
        SafetensorsFile file = SafetensorsFile.open(path);
        try {
            if (!Int8Recipe.FORMAT.equals(file.metadata().get(Int8CheckpointLayout.FORMAT_KEY))) {
                throw new SafetensorsFormatException("__metadata__.format", "must be \"" + Int8Recipe.FORMAT + "\"");
            }
            String json = file.metadata().get(Int8Recipe.METADATA_KEY);
            if (json == null) {
                throw new SafetensorsFormatException("__metadata__." + Int8Recipe.METADATA_KEY, "missing");
            }
            Int8Recipe recipe;
            try {
                recipe = Int8Recipe.fromJson(json);
            } catch (IllegalArgumentException e) { // JsonFormatException included
                throw new SafetensorsFormatException("__metadata__." + Int8Recipe.METADATA_KEY, e.getMessage());
            }
            Int8Checkpoint checkpoint = new Int8Checkpoint(file, recipe);
            for (String linear : checkpoint.quantizedLinears()) {
                checkpoint.check(linear);
            }
            return checkpoint;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public Int8Recipe recipe() {
        return recipe;
    }

    public SafetensorsFile file() {
        return file;
    }

    /** Linear names whose weight is stored as I8. */
    public List<String> quantizedLinears() {
        return file.tensors().stream()
                .filter(t -> t.dtype() == SafetensorsDtype.I8 && t.name().endsWith(Int8CheckpointLayout.WEIGHT))
                .map(t -> t.name().substring(0, t.name().length() - Int8CheckpointLayout.WEIGHT.length()))
                .toList();
    }

    /** The int8 weight and per-channel scales of a quantized linear (copied out of the mapping). */
    public Int8Weights weights(String linear) {
        TensorInfo w = file.tensor(linear + Int8CheckpointLayout.WEIGHT);
        return new Int8Weights(Math.toIntExact(w.shape().get(0)), Math.toIntExact(w.shape().get(1)),
                file.segment(w.name()).toArray(ValueLayout.JAVA_BYTE),
                file.segment(linear + Int8CheckpointLayout.WEIGHT_SCALE).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
    }

    /** The smoothing vector s: activations are divided by it before per-token quantization. */
    public float[] smoothing(String linear) {
        return file.segment(linear + Int8CheckpointLayout.SMOOTH_SCALE).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
    }

    private void check(String linear) throws SafetensorsFormatException {
        TensorInfo w = file.tensor(linear + Int8CheckpointLayout.WEIGHT);
        if (w.shape().size() != 2) {
            throw new SafetensorsFormatException("tensor \"" + w.name() + "\"", "an I8 weight must be 2-D (out, in)");
        }
        requireF32(linear + Int8CheckpointLayout.WEIGHT_SCALE, w.shape().get(0));
        requireF32(linear + Int8CheckpointLayout.SMOOTH_SCALE, w.shape().get(1));
        if (recipe.protectedLayers().contains(linear)) {
            throw new SafetensorsFormatException("tensor \"" + w.name() + "\"", "is I8 but the recipe protects it");
        }
    }

    private void requireF32(String name, long length) throws SafetensorsFormatException {
        if (!file.contains(name)) {
            throw new SafetensorsFormatException("tensor \"" + name + "\"", "missing");
        }
        TensorInfo t = file.tensor(name);
        if (t.dtype() != SafetensorsDtype.F32 || !t.shape().equals(List.of(length))) {
            throw new SafetensorsFormatException("tensor \"" + name + "\"", "must be F32 [" + length + "], is "
                    + t.dtype() + " " + t.shape());
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
