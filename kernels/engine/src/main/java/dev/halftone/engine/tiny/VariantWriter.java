package dev.halftone.engine.tiny;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.Fp8Reference;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.profile.ActivationProfileWriter;
import dev.halftone.engine.profile.BranchActivationProfile;
import dev.halftone.formats.gguf.GgufTensorSpec;
import dev.halftone.formats.gguf.GgufValue;
import dev.halftone.formats.gguf.GgufWriter;
import dev.halftone.formats.int8.Int8Quantization;
import dev.halftone.formats.int8.SmoothQuant;
import dev.halftone.formats.nf4.Nf4Quantization;
import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes quantized variants of a model directory's reference branches so tests and benchmarks have every variant
 * without the quantizer services: weight-only GGUF with the formats module's reference quantizers (round-to-nearest,
 * as ggml's {@code quantize_row_*_ref}; each 2-D weight whose rows fill whole blocks is quantized, the rest such as
 * input_proj's 48 inputs and every vector stay F32), and INT8 W8A8 (this engine's activation profile, then formats'
 * {@code Int8Quantization} with SmoothQuant α = 0.5 and the most fragile layers protected), and NF4 (formats'
 * {@code Nf4Quantization}, bitsandbytes layout with double quantization).
 * Run: {@code VariantWriter <model dir> Q8_0 Q4_K ... INT8 NF4}.
 */
public final class VariantWriter {

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private VariantWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: VariantWriter <model dir> <Q8_0|Q4_K|Q5_K|Q6_K>...");
            System.exit(2);
        }
        ModelDirectory dir = new ModelDirectory(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("NF4")) {
                writeNf4(dir);
            } else if (args[i].equals("INT8")) {
                writeInt8(dir, List.of("a red fox in fresh snow", "a lighthouse at dusk", "OPEN 24 HOURS"), 8, 2);
            } else {
                writeGguf(dir, WeightFormat.valueOf(args[i]));
            }
        }
    }

    /** The variant's name: the format in lower case, e.g. {@code q4_k}. */
    public static String variantName(WeightFormat format) {
        return format.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static void writeGguf(ModelDirectory dir, WeightFormat format) throws IOException {
        Path folder = dir.variantFolder(variantName(format));
        Files.createDirectories(folder);
        for (Branch branch : Branch.values()) {
            Path source = dir.branchFile(ModelDirectory.REFERENCE, branch);
            writeBranch(source, folder.resolve(branch.fileStem() + ".gguf"), format);
        }
    }

    private static void writeBranch(Path source, Path target, WeightFormat format) throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(source)) {
            for (TensorInfo info : file.tensors()) {
                if (info.name().endsWith(".weight_scale")) {
                    continue;
                }
                values.put(info.name(), decode(file, info));
                shapes.put(info.name(), info.shape());
            }
        }
        List<GgufTensorSpec> specs = new ArrayList<>();
        for (var e : shapes.entrySet()) {
            List<Long> shape = e.getValue();
            boolean quantize = shape.size() == 2 && shape.get(1) % format.blockSize() == 0;
            specs.add(GgufTensorSpec.fromPyTorchShape(e.getKey(), shape, quantize ? format : WeightFormat.F32));
        }
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", new GgufValue.Text("halftone"));
        metadata.put("general.quantization_version", new GgufValue.UInt32(2));
        try (GgufWriter writer = GgufWriter.create(target, metadata, specs); Arena arena = Arena.ofConfined()) {
            for (GgufTensorSpec spec : specs) {
                float[] v = values.get(spec.name());
                MemorySegment bytes = arena.allocate(spec.byteSize());
                long rowLength = spec.dimensions().getFirst();
                long rows = v.length / rowLength;
                long rowBytes = spec.type().rowBytes(rowLength);
                var codec = RowCodecs.reference(spec.type());
                for (int r = 0; r < rows; r++) {
                    codec.quantize(v, (int) (r * rowLength), (int) rowLength, bytes, r * rowBytes);
                }
                writer.write(spec.name(), bytes);
            }
        }
    }

    /** NF4 of every linear of both branches into {@code variants/nf4/}, double-quantized absmax, nothing protected. */
    public static void writeNf4(ModelDirectory dir) throws IOException {
        Path folder = dir.variantFolder("nf4");
        Files.createDirectories(folder);
        for (Branch branch : Branch.values()) {
            Nf4Quantization.run(dir.branchFile(ModelDirectory.REFERENCE, branch),
                    folder.resolve(branch.fileStem() + ".safetensors"), Set.of(), true);
        }
    }

    /**
     * Profiles both branches on the prompts (steps each), writes the profiles beside the variant, and quantizes each
     * branch to {@code variants/int8/} keeping its {@code protect} most fragile linears in bf16.
     */
    public static void writeInt8(ModelDirectory dir, List<String> prompts, int steps, int protect) throws IOException {
        Path folder = dir.variantFolder("int8");
        Files.createDirectories(folder);
        Map<Branch, BranchActivationProfile> profiles;
        try (ImagePipeline pipeline = ImagePipeline.open(dir, ModelDirectory.REFERENCE, EngineOptions.defaults())) {
            profiles = pipeline.profile(prompts, 1000L, steps, (float) pipeline.config().defaultGuidance());
        }
        for (Branch branch : Branch.values()) {
            BranchActivationProfile profile = profiles.get(branch);
            String stem = branch.fileStem() + ".activations";
            ActivationProfileWriter.write(profile, folder, stem, Map.of("branch", branch.fileStem(),
                    "prompts", Integer.toString(prompts.size()), "steps", Integer.toString(steps)));
            Set<String> protectedLayers = new LinkedHashSet<>(profile.fragilityRanking().subList(0, protect));
            Int8Quantization.run(new Int8Quantization.Request(dir.branchFile(ModelDirectory.REFERENCE, branch),
                    folder.resolve(stem + ".safetensors"), folder.resolve(branch.fileStem() + ".safetensors"),
                    protectedLayers, true, SmoothQuant.DEFAULT_ALPHA, Map.of("prompts", Integer.toString(prompts.size()),
                    "steps", Integer.toString(steps))), (index, count, tensor) -> { });
        }
    }

    /** The float32 values the engine computes with (FP8 dequantized per docs/model.md §5). */
    private static float[] decode(SafetensorsFile file, TensorInfo info) {
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
            case F8_E4M3 -> {
                String scaleName = info.name().substring(0, info.name().length() - ".weight".length())
                        + ".weight_scale";
                float scale = file.segment(scaleName).get(F32, 0);
                for (int i = 0; i < count; i++) {
                    out[i] = Fp8Reference.dequantize(bytes.get(ValueLayout.JAVA_BYTE, i), scale);
                }
            }
            default -> throw new IllegalArgumentException("tensor \"" + info.name() + "\" has dtype " + info.dtype()
                    + "; a reference checkpoint holds F32, BF16 or F8_E4M3");
        }
        return out;
    }
}
