package dev.halftone.engine.parity;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.decode.Latent;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.sampler.PhiloxNormal;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.engine.text.TextHiddenStates;
import dev.halftone.engine.tiny.TinyModelWriter;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the PyTorch parity fixture: the seeded halftone-tiny model directory, the inputs, and the Java engine's
 * outputs (one forward of each branch, a 4-step CFG sample, the initial noise) as F32 safetensors that
 * {@code src/test/python/parity.py} compares against an independent PyTorch implementation.
 * Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.halftone.engine.parity.ParityFixtureWriter <dir>}.
 */
public final class ParityFixtureWriter {

    public static final String PROMPT = "a red fox in fresh snow, 35mm photo";
    public static final long SEED = 1000L;
    public static final long MODEL_SEED = 0L;
    public static final float FORWARD_TIME = 0.7f;
    public static final int SAMPLE_STEPS = 4;

    private ParityFixtureWriter() {
    }

    /** A two-layer model small enough that its checkpoint and PyTorch outputs live in the test resources. */
    public static final DiTConfig MICRO = new DiTConfig("halftone-micro", 16, 32, 3, 4, 64, 2, 2, 128, 32, 16, 64,
            10000.0, 1e-6, 4.0, 0.5, 1.15);

    /**
     * {@code <out> [tiny|micro] [MODEL_DIR]}: the seeded model of that config, or with MODEL_DIR a trained model
     * directory (the shipped halftone-tiny) copied into the fixture.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : ".device/parity");
        DiTConfig config = args.length > 1 && args[1].equals("micro") ? MICRO : DiTConfig.HALFTONE_TINY;
        if (args.length > 2) {
            copyModel(Path.of(args[2]), out.resolve("model"));
            writeOutputs(out);
        } else {
            write(out, config);
        }
    }

    public static void write(Path out, DiTConfig modelConfig) throws IOException {
        TinyModelWriter.write(out.resolve("model"), modelConfig, MODEL_SEED);
        writeOutputs(out);
    }

    private static void copyModel(Path source, Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        for (String file : List.of("config.json", "text_encoder.safetensors", "cond.safetensors", "uncond.safetensors")) {
            Files.copy(source.resolve(file), modelDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs the engine on the fixture's model/ and writes java_outputs.safetensors beside it. */
    private static void writeOutputs(Path out) throws IOException {
        Path modelDir = out.resolve("model");
        try (ImagePipeline pipeline = ImagePipeline.open(new ModelDirectory(modelDir), ModelDirectory.REFERENCE,
                EngineOptions.defaults())) {
            DiTConfig config = pipeline.config();
            int size = config.channels() * config.imageHeight() * config.imageWidth();
            float[] x = new float[size];
            PhiloxNormal.fill(SEED + 1, x);  // a latent unrelated to the sample's noise
            TextHiddenStates prompt = pipeline.textEncoder().encode(PROMPT);
            TextHiddenStates empty = pipeline.textEncoder().encode("");
            float[] vCond = new float[size];
            float[] vUncond = new float[size];
            long start = System.nanoTime();
            pipeline.branch(Branch.COND).forward(x, FORWARD_TIME, prompt, vCond, ActivationObserver.NONE);
            pipeline.branch(Branch.UNCOND).forward(x, FORWARD_TIME, empty, vUncond, ActivationObserver.NONE);
            long forwards = System.nanoTime() - start;
            float[] noise = new float[size];
            PhiloxNormal.fill(SEED, noise);
            start = System.nanoTime();
            Latent sample = pipeline.sample(new GenerationRequest(PROMPT, SEED, SAMPLE_STEPS,
                            (float) config.defaultGuidance()), StepListener.NONE, ActivationObserver.NONE,
                    ActivationObserver.NONE);
            long sampling = System.nanoTime() - start;
            long[] image = {config.channels(), config.imageHeight(), config.imageWidth()};
            Map<String, float[]> tensors = new LinkedHashMap<>();
            tensors.put("input.x", x);
            tensors.put("input.t", new float[]{FORWARD_TIME});
            tensors.put("java.text_cond", prompt.values());
            tensors.put("java.v_cond", vCond);
            tensors.put("java.v_uncond", vUncond);
            tensors.put("java.noise", noise);
            tensors.put("java.sample", sample.values());
            List<TensorSpec> specs = new ArrayList<>();
            for (var e : tensors.entrySet()) {
                long[] shape = e.getKey().equals("input.t") ? new long[]{1}
                        : e.getKey().equals("java.text_cond") ? new long[]{prompt.tokens(), prompt.width()} : image;
                specs.add(TensorSpec.of(e.getKey(), SafetensorsDtype.F32, shape));
            }
            Map<String, String> metadata = Map.of("prompt", PROMPT, "seed", Long.toString(SEED),
                    "steps", Integer.toString(SAMPLE_STEPS), "guidance", Double.toString(config.defaultGuidance()));
            try (SafetensorsWriter writer = SafetensorsWriter.create(out.resolve("java_outputs.safetensors"), specs,
                    metadata)) {
                for (var e : tensors.entrySet()) {
                    writer.write(e.getKey(), MemorySegment.ofArray(e.getValue()));
                }
            }
            System.out.printf("two forwards %.2f s, %d-step CFG sample %.2f s%n", forwards / 1e9, SAMPLE_STEPS,
                    sampling / 1e9);
        }
    }
}
