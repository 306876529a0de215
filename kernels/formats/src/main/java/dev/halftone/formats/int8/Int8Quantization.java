package dev.halftone.formats.int8;

import dev.halftone.formats.safetensors.Bf16TensorCopy;
import dev.halftone.formats.safetensors.CheckpointFloats;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorInfo;
import dev.halftone.formats.safetensors.TensorSpec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds Halftone's INT8 W8A8 checkpoint from a reference checkpoint (FP8 per docs/model.md §5, or BF16/F16/F32) and
 * an activation profile (safetensors of F32 {@code <linear>.input_channel_max}, one value per input feature). Every
 * profiled linear not protected is smoothed (SmoothQuant, {@link SmoothQuant}; or not, for the naive W8A8 of the
 * ablations: its smoothing vector is all ones, so the engine's x / s and the folded weights are exact no-ops) and
 * quantized per output channel
 * ({@link Int8Weights}); protected linears and all other tensors are written as BF16 (RNE; FP8 weights by the
 * reference's exact rule). Streams one tensor at a time.
 */
public final class Int8Quantization {
    /**
     * @param protectedLayers linear names (no {@code .weight}) to keep in bf16; each must be a profiled linear
     * @param smoothQuant     false for naive W8A8 (no smoothing; alpha is then recorded but unused)
     * @param calibration     provenance recorded in the recipe
     */
    public record Request(Path reference, Path profile, Path output, Set<String> protectedLayers, boolean smoothQuant,
            float alpha, Map<String, String> calibration) {
        public Request {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(output, "output");
            protectedLayers = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(protectedLayers));
            calibration = Map.copyOf(calibration);
            if (!(alpha >= 0f && alpha <= 1f)) {
                throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
            }
        }
    }

    /** Called before each output tensor group. */
    public interface Progress {
        void update(int index, int count, String tensor);
    }

    /** What was written. */
    public record Summary(List<String> quantized, List<String> protectedLayers, Int8Recipe recipe) {
    }

    private Int8Quantization() {
    }

    public static Summary run(Request request, Progress progress) throws IOException {
        try (SafetensorsFile reference = SafetensorsFile.open(request.reference());
             SafetensorsFile profile = SafetensorsFile.open(request.profile())) {
            CheckpointFloats floats = new CheckpointFloats(reference);
            Set<String> linears = new LinkedHashSet<>();
            for (TensorInfo t : profile.tensors()) {
                if (!t.name().endsWith(Int8CheckpointLayout.PROFILE_SUFFIX)) {
                    throw new IllegalArgumentException("profile tensor \"" + t.name() + "\" is not named <linear>"
                            + Int8CheckpointLayout.PROFILE_SUFFIX);
                }
                String linear = t.name().substring(0, t.name().length() - Int8CheckpointLayout.PROFILE_SUFFIX.length());
                String weight = linear + Int8CheckpointLayout.WEIGHT;
                if (!reference.contains(weight) || reference.tensor(weight).shape().size() != 2) {
                    throw new IllegalArgumentException("profile names \"" + linear + "\" but the reference has no 2-D \""
                            + weight + "\"");
                }
                long in = reference.tensor(weight).shape().get(1);
                if (t.dtype() != SafetensorsDtype.F32 || t.elementCount() != in) {
                    throw new IllegalArgumentException("profile \"" + t.name() + "\" must be F32 with " + in
                            + " values (one per input feature), is " + t.dtype() + " " + t.shape());
                }
                linears.add(linear);
            }
            for (String p : request.protectedLayers()) {
                if (!linears.contains(p)) {
                    throw new IllegalArgumentException("protected layer \"" + p + "\" is not a profiled linear");
                }
            }
            Int8Recipe recipe = new Int8Recipe(request.smoothQuant(), request.alpha(), List.copyOf(request.protectedLayers()),
                    request.calibration(), request.reference().getFileName().toString());
            List<TensorSpec> specs = new ArrayList<>();
            List<String> quantized = new ArrayList<>();
            for (TensorInfo t : reference.tensors()) {
                if (floats.isFp8Scale(t.name())) {
                    continue;
                }
                String linear = t.name().endsWith(Int8CheckpointLayout.WEIGHT)
                        ? t.name().substring(0, t.name().length() - Int8CheckpointLayout.WEIGHT.length()) : null;
                if (linear != null && linears.contains(linear) && !request.protectedLayers().contains(linear)) {
                    specs.add(TensorSpec.of(t.name(), SafetensorsDtype.I8, t.shape().get(0), t.shape().get(1)));
                    specs.add(TensorSpec.of(linear + Int8CheckpointLayout.WEIGHT_SCALE, SafetensorsDtype.F32, t.shape().get(0)));
                    specs.add(TensorSpec.of(linear + Int8CheckpointLayout.SMOOTH_SCALE, SafetensorsDtype.F32, t.shape().get(1)));
                    quantized.add(linear);
                } else {
                    specs.add(new TensorSpec(t.name(), SafetensorsDtype.BF16, t.shape()));
                }
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(Int8CheckpointLayout.FORMAT_KEY, Int8Recipe.FORMAT);
            metadata.put(Int8Recipe.METADATA_KEY, recipe.toJson());
            try (SafetensorsWriter writer = SafetensorsWriter.create(request.output(), specs, metadata)) {
                int index = 0;
                for (TensorSpec spec : specs) {
                    index++;
                    if (spec.dtype() == SafetensorsDtype.F32) {
                        continue; // written together with their weight
                    }
                    progress.update(index, specs.size(), spec.name());
                    if (spec.dtype() == SafetensorsDtype.I8) {
                        writeQuantizedLinear(spec, floats, profile, request.smoothQuant(), request.alpha(), writer);
                    } else {
                        Bf16TensorCopy.write(spec, floats, writer);
                    }
                }
            }
            return new Summary(quantized, List.copyOf(request.protectedLayers()), recipe);
        }
    }

    private static void writeQuantizedLinear(TensorSpec spec, CheckpointFloats floats, SafetensorsFile profile,
            boolean smoothQuant, float alpha, SafetensorsWriter writer) throws IOException {
        String linear = spec.name().substring(0, spec.name().length() - Int8CheckpointLayout.WEIGHT.length());
        int out = Math.toIntExact(spec.shape().get(0));
        int in = Math.toIntExact(spec.shape().get(1));
        float[] w = new float[Math.multiplyExact(out, in)];
        floats.read(spec.name(), 0, w, 0, w.length);
        float[] activationMax = profile.segment(linear + Int8CheckpointLayout.PROFILE_SUFFIX)
                .toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED);
        float[] s;
        if (smoothQuant) {
            s = SmoothQuant.smoothingVector(activationMax, w, out, in, alpha);
            SmoothQuant.foldIntoWeight(w, out, in, s);
        } else {
            s = new float[in];
            java.util.Arrays.fill(s, 1f);
        }
        Int8Weights q = Int8Weights.quantize(w, out, in);
        writer.write(spec.name(), MemorySegment.ofArray(q.q()));
        writer.write(linear + Int8CheckpointLayout.WEIGHT_SCALE, MemorySegment.ofArray(q.scales()));
        writer.write(linear + Int8CheckpointLayout.SMOOTH_SCALE, MemorySegment.ofArray(s));
    }
}
