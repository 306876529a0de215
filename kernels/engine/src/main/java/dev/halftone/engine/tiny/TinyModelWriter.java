package dev.halftone.engine.tiny;

import dev.halftone.engine.load.ConfigJson;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.sampler.PhiloxNormal;
import dev.halftone.engine.text.ByteTextEncoder;
import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp8E4M3;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an untrained model directory (docs/model.md §6) for a config, deterministically from a seed: both branches
 * as the FP8 reference (F8_E4M3 weights with per-tensor scale max|W|/448, BF16 biases and norms), a BF16 text
 * encoder and config.json. Unlike DiT's adaLN-Zero initialisation, nothing starts at zero, so every layer's output
 * depends on its input and parity tests exercise the whole network. A trained checkpoint replaces these files as is.
 * Run: {@code java -cp ... dev.halftone.engine.tiny.TinyModelWriter <dir> [seed]}.
 */
public final class TinyModelWriter {

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TinyModelWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TinyModelWriter <dir> [seed]");
            System.exit(2);
        }
        long seed = args.length == 2 ? Long.parseLong(args[1]) : 0L;
        write(Path.of(args[0]), DiTConfig.HALFTONE_TINY, seed);
    }

    /** Writes config.json, text_encoder.safetensors, cond.safetensors and uncond.safetensors into dir. */
    public static void write(Path dir, DiTConfig config, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), ConfigJson.write(config) + "\n", StandardCharsets.UTF_8);
        writeTextEncoder(dir.resolve("text_encoder.safetensors"), config, seed);
        writeBranch(dir.resolve("cond.safetensors"), config, mix(seed, 1));
        writeBranch(dir.resolve("uncond.safetensors"), config, mix(seed, 2));
    }

    /** A distinct, reproducible stream seed per (seed, purpose). */
    private static long mix(long seed, long purpose) {
        long z = seed + purpose * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static float[] normal(long seed, int count, double std, double mean) {
        float[] values = new float[count];
        PhiloxNormal.fill(seed, values);
        for (int i = 0; i < count; i++) {
            values[i] = (float) (mean + std * values[i]);
        }
        return values;
    }

    private static void writeTextEncoder(Path file, DiTConfig config, long seed) throws IOException {
        int c = config.textHiddenSize();
        List<NamedTensor> tensors = List.of(
                NamedTensor.bf16("text_encoder.embedding.weight",
                        normal(mix(seed, 3), ByteTextEncoder.VOCABULARY * c, 1.0, 0), ByteTextEncoder.VOCABULARY, c),
                NamedTensor.bf16("text_encoder.position.weight",
                        normal(mix(seed, 4), config.textMaxTokens() * c, 0.1, 0), config.textMaxTokens(), c));
        save(file, tensors, config);
    }

    private static void writeBranch(Path file, DiTConfig config, long seed) throws IOException {
        int d = config.hiddenSize();
        int f = config.ffnHiddenSize();
        int hd = config.headDim();
        BranchInit init = new BranchInit(seed);
        List<NamedTensor> tensors = new ArrayList<>();
        init.linear(tensors, "input_proj", d, config.patchDim(), 1.0);
        init.linear(tensors, "t_embedding.linear_1", d, config.timestepEmbeddingSize(), 1.0);
        init.linear(tensors, "t_embedding.linear_2", d, d, 1.0);
        init.linear(tensors, "llm_cond_proj", d, config.textHiddenSize(), 1.0);
        init.linear(tensors, "adaln_proj", d, d, 1.0);
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "layers." + i + ".";
            // modulation gains keep shift/scale/gate around 0.3 so the residual stream stays O(1) over the blocks
            init.linear(tensors, p + "adaln_modulation", 6 * d, d, 0.3);
            init.norm(tensors, p + "attention_norm.weight", d);
            init.linear(tensors, p + "attention.qkv", 3 * d, d, 1.0);
            init.norm(tensors, p + "attention.q_norm.weight", hd);
            init.norm(tensors, p + "attention.k_norm.weight", hd);
            init.linear(tensors, p + "attention.o", d, d, 1.0);
            init.norm(tensors, p + "ffn_norm.weight", d);
            init.linear(tensors, p + "feed_forward.w1", f, d, 1.0);
            init.linear(tensors, p + "feed_forward.w2", d, f, 1.0);
            init.linear(tensors, p + "feed_forward.w3", f, d, 1.0);
        }
        init.linear(tensors, "final_layer.adaln_modulation", 2 * d, d, 0.3);
        init.linear(tensors, "final_layer.linear", config.patchDim(), d, 1.0);
        save(file, tensors, config);
    }

    private static void save(Path file, List<NamedTensor> tensors, DiTConfig config) throws IOException {
        List<TensorSpec> specs = tensors.stream().map(NamedTensor::spec).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model", config.name());
        metadata.put("format", "halftone-fp8-reference");
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, metadata)) {
            for (NamedTensor tensor : tensors) {
                writer.write(tensor.spec().name(), MemorySegment.ofArray(tensor.bytes()));
            }
        }
    }

    /** Per-branch initialisation: one Philox stream per tensor, in declaration order. */
    private static final class BranchInit {
        private final long seed;
        private long next = 100;

        BranchInit(long seed) {
            this.seed = seed;
        }

        private long stream() {
            return mix(seed, next++);
        }

        /** W ~ N(0, (gain/sqrt(in))²) stored as F8_E4M3 + scale, bias ~ N(0, 0.02²) as BF16. */
        void linear(List<NamedTensor> out, String name, int rows, int cols, double gain) {
            float[] w = normal(stream(), rows * cols, gain / Math.sqrt(cols), 0);
            float max = 0f;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
            }
            float scale = max / Fp8E4M3.MAX_VALUE;
            byte[] codes = new byte[w.length];
            for (int i = 0; i < w.length; i++) {
                codes[i] = Fp8E4M3.encode(w[i] / scale);  // saturates: a quotient an ulp above 448 stays 448
            }
            out.add(new NamedTensor(TensorSpec.of(name + ".weight", SafetensorsDtype.F8_E4M3, rows, cols), codes));
            byte[] scaleBytes = new byte[4];
            MemorySegment.ofArray(scaleBytes).set(F32, 0, scale);
            out.add(new NamedTensor(TensorSpec.of(name + ".weight_scale", SafetensorsDtype.F32), scaleBytes));
            out.add(NamedTensor.bf16(name + ".bias", normal(stream(), rows, 0.02, 0), rows));
        }

        /** Norm weight ~ 1 + N(0, 0.1²), BF16. */
        void norm(List<NamedTensor> out, String name, int dim) {
            out.add(NamedTensor.bf16(name, normal(stream(), dim, 0.1, 1.0), dim));
        }
    }

    private record NamedTensor(TensorSpec spec, byte[] bytes) {
        static NamedTensor bf16(String name, float[] values, long... shape) {
            byte[] bytes = new byte[2 * values.length];
            MemorySegment segment = MemorySegment.ofArray(bytes);
            for (int i = 0; i < values.length; i++) {
                segment.setAtIndex(I16, i, Bf16.encode(values[i]));
            }
            return new NamedTensor(TensorSpec.of(name, SafetensorsDtype.BF16, shape), bytes);
        }
    }
}
