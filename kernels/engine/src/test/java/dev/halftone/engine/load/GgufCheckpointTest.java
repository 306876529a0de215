package dev.halftone.engine.load;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.TestModels;
import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.engine.tiny.VariantWriter;
import dev.halftone.formats.gguf.GgufTensorSpec;
import dev.halftone.formats.gguf.GgufValue;
import dev.halftone.formats.gguf.GgufWriter;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GGUF backends equal dequantize-then-matmul (formats' reference decoders, float64 sums) within float rounding. */
class GgufCheckpointTest {

    private static final int K = 512;
    private static final int N = 40;
    private static final int ROWS = 7;
    private static final List<WeightFormat> FORMATS = List.of(WeightFormat.Q8_0, WeightFormat.Q4_K,
            WeightFormat.Q5_K, WeightFormat.Q6_K);

    @TempDir
    Path temp;

    @Test
    void everyGgufFormatEqualsDequantizeThenMatmul() throws IOException {
        SplittableRandom random = new SplittableRandom(21);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        List<GgufTensorSpec> specs = new ArrayList<>();
        for (WeightFormat format : FORMATS) {
            String name = "probe_" + format.name().toLowerCase();
            tensors.put(name + ".weight", gaussian(random, N * K));
            tensors.put(name + ".bias", gaussian(random, N));
            specs.add(GgufTensorSpec.fromPyTorchShape(name + ".weight", List.of((long) N, (long) K), format));
            specs.add(GgufTensorSpec.fromPyTorchShape(name + ".bias", List.of((long) N), WeightFormat.F32));
        }
        Path file = temp.resolve("probe.gguf");
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", new GgufValue.Text("halftone"));
        metadata.put("general.quantization_version", new GgufValue.UInt32(2));
        Map<String, MemorySegment> encoded = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            try (GgufWriter writer = GgufWriter.create(file, metadata, specs)) {
                for (GgufTensorSpec spec : specs) {
                    float[] values = tensors.get(spec.name());
                    long rowLength = spec.dimensions().getFirst();
                    MemorySegment bytes = arena.allocate(spec.byteSize());
                    long rowBytes = spec.type().rowBytes(rowLength);
                    for (int r = 0; r < values.length / rowLength; r++) {
                        RowCodecs.reference(spec.type()).quantize(values, (int) (r * rowLength), (int) rowLength,
                                bytes, r * rowBytes);
                    }
                    encoded.put(spec.name(), bytes);
                    writer.write(spec.name(), bytes);
                }
            }
            float[] x = gaussian(random, ROWS * K);
            try (WorkerPool pool = new WorkerPool(2);
                 GgufCheckpoint checkpoint = GgufCheckpoint.open(file, KernelSet.of(EngineOptions.KernelChoice.VECTOR),
                         pool)) {
                for (WeightFormat format : FORMATS) {
                    String name = "probe_" + format.name().toLowerCase();
                    LinearBackend linear = checkpoint.cpuBackend(checkpoint.linear(name, N, K));
                    assertEquals(LinearFormat.valueOf(format.name()), linear.format());
                    assertEquals(format.rowBytes(K) * N + 4L * N, linear.storedBytes());
                    float[] w = new float[N * K];
                    for (int r = 0; r < N; r++) {
                        RowCodecs.reference(format).dequantize(encoded.get(name + ".weight"), r * format.rowBytes(K),
                                w, r * K, K);
                    }
                    float[] bias = tensors.get(name + ".bias");
                    float[] y = new float[ROWS * N];
                    linear.forward(x, ROWS, y);
                    for (int m = 0; m < ROWS; m++) {
                        for (int j = 0; j < N; j++) {
                            double dot = bias[j];
                            double magnitude = Math.abs(bias[j]);
                            for (int k = 0; k < K; k++) {
                                dot += (double) w[j * K + k] * x[m * K + k];
                                magnitude += Math.abs((double) w[j * K + k] * x[m * K + k]);
                            }
                            // float32 rounding of a K-term sum: at most about K·2^-24 relative to Σ|terms|
                            assertEquals(dot, y[m * N + j], K * 0x1p-24 * magnitude, format + " output " + m + "," + j);
                        }
                    }
                }
                checkpoint.requireAllUsed();
            }
        }
    }

    /** A Q8_0 variant of the micro model loads through the model directory and renders close to the reference. */
    @Test
    void q8VariantRendersLikeTheReference() throws IOException {
        Path model = temp.resolve("model");
        Files.createDirectories(model);
        try (var files = Files.list(TestModels.micro().root())) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        ModelDirectory dir = new ModelDirectory(model);
        VariantWriter.writeGguf(dir, WeightFormat.Q8_0);
        assertEquals(List.of("reference", "q8_0"), dir.variants());
        GenerationRequest request = new GenerationRequest("a boat", 3L, 2, 4f);
        float[] reference;
        float[] quantized;
        EngineOptions options = new EngineOptions(2, EngineOptions.KernelChoice.VECTOR);
        try (ImagePipeline p = ImagePipeline.open(dir, ModelDirectory.REFERENCE, options)) {
            reference = p.sample(request, StepListener.NONE, (a, b, c, d) -> { }, (a, b, c, d) -> { }).values();
        }
        try (ImagePipeline p = ImagePipeline.open(dir, "q8_0", options)) {
            assertEquals(LinearFormat.Q8_0, p.branch(Branch.COND).weights().layers().getFirst().w2().format());
            assertEquals(LinearFormat.FP32, p.branch(Branch.COND).weights().inputProj().format());
            quantized = p.sample(request, StepListener.NONE, (a, b, c, d) -> { }, (a, b, c, d) -> { }).values();
        }
        double diff = 0, max = 0;
        for (int i = 0; i < reference.length; i++) {
            diff = Math.max(diff, Math.abs(reference[i] - quantized[i]));
            max = Math.max(max, Math.abs(reference[i]));
        }
        assertTrue(diff > 0 && diff / max < 0.05, "Q8_0 deviation " + diff / max);
    }

    /**
     * A Q8_0 weight whose block 3 of row 5 has a NaN scale: under a placement other than the CPU's the loader rejects
     * it, naming the tensor and the element, before the placement is asked (so nothing is allocated for it).
     */
    @Test
    void aNonFiniteBlockIsRejectedBeforeAPlacementSeesIt() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        String name = "probe_q8_0";
        List<GgufTensorSpec> specs = List.of(
                GgufTensorSpec.fromPyTorchShape(name + ".weight", List.of((long) N, (long) K), WeightFormat.Q8_0),
                GgufTensorSpec.fromPyTorchShape(name + ".bias", List.of((long) N), WeightFormat.F32));
        Path file = temp.resolve("nan.gguf");
        long rowBytes = WeightFormat.Q8_0.rowBytes(K);
        try (Arena arena = Arena.ofConfined();
             GgufWriter writer = GgufWriter.create(file, Map.of("general.architecture", new GgufValue.Text("halftone"),
                     "general.quantization_version", new GgufValue.UInt32(2)), specs)) {
            MemorySegment weight = arena.allocate(specs.get(0).byteSize());
            float[] values = gaussian(random, N * K);
            for (int r = 0; r < N; r++) {
                RowCodecs.reference(WeightFormat.Q8_0).quantize(values, r * K, K, weight, r * rowBytes);
            }
            // a Q8_0 block is an fp16 scale then 32 int8 codes; 0x7E00 is an fp16 NaN
            weight.set(ValueLayout.JAVA_SHORT_UNALIGNED, 5 * rowBytes + 3 * 34L, (short) 0x7E00);
            writer.write(name + ".weight", weight);
            writer.write(name + ".bias", MemorySegment.ofArray(gaussian(random, N)));
        }
        List<String> asked = new ArrayList<>();
        LinearPlacement recording = (linear, maxRows) -> {
            asked.add(linear.name());
            return Optional.empty();
        };
        try (WorkerPool pool = new WorkerPool(1);
             GgufCheckpoint checkpoint = GgufCheckpoint.open(file, KernelSet.of(EngineOptions.KernelChoice.VECTOR),
                     pool)) {
            StoredLinear stored = checkpoint.linear(name, N, K);
            CheckpointMismatchException error = assertThrows(CheckpointMismatchException.class,
                    () -> BranchLoader.place(checkpoint, stored, recording, 8));
            assertTrue(error.getMessage().contains(name + ".weight"), error.getMessage());
            assertTrue(error.getMessage().contains("non-finite value at element " + (5 * K + 3 * 32)),
                    error.getMessage());
            assertEquals(List.of(), asked);
            // the CPU placement decodes, and so rejects, the same layer itself
            assertThrows(CheckpointMismatchException.class,
                    () -> BranchLoader.place(checkpoint, stored, LinearPlacement.CPU, 8));
        }
    }

    private static float[] gaussian(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
