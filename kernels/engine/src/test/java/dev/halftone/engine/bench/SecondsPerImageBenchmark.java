package dev.halftone.engine.bench;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.sampler.SamplerPreset;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.engine.tiny.TinyModelWriter;
import dev.halftone.engine.tiny.VariantWriter;
import dev.halftone.formats.quant.WeightFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Seconds per image of every variant present in a halftone-tiny directory at the default config and quality-48
 * (48 steps, two branches per step), after one warm-up image of 8 steps (JIT compilation). Creates the seeded model
 * and its GGUF, INT8 (profiled on three prompts, two most fragile linears kept in bf16) and NF4 variants when the
 * directory is empty. Prints the 1-minute load average beside each figure.
 * Run: {@code ... dev.halftone.engine.bench.SecondsPerImageBenchmark [dir]}.
 */
public final class SecondsPerImageBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("halftone-tiny");
        ModelDirectory model = new ModelDirectory(dir);
        if (!Files.exists(model.configFile())) {
            TinyModelWriter.write(dir, DiTConfig.HALFTONE_TINY, 0L);
            for (WeightFormat format : List.of(WeightFormat.Q8_0, WeightFormat.Q6_K, WeightFormat.Q5_K,
                    WeightFormat.Q4_K)) {
                VariantWriter.writeGguf(model, format);
            }
            VariantWriter.writeInt8(model, List.of("a red fox in fresh snow", "a lighthouse at dusk", "OPEN 24 HOURS"),
                    8, 2);
            VariantWriter.writeNf4(model);
        }
        int steps = SamplerPreset.QUALITY_48.steps();
        System.out.printf("%d threads, %d steps, prompt \"a red fox in fresh snow\", seed 1000%n",
                Runtime.getRuntime().availableProcessors(), steps);
        System.out.println("| variant | branch MB as stored | s/image | load |");
        System.out.println("|---|---|---|---|");
        for (String variant : model.variants()) {
            try (ImagePipeline pipeline = ImagePipeline.open(model, variant, EngineOptions.defaults())) {
                float g = (float) pipeline.config().defaultGuidance();
                pipeline.generate(new GenerationRequest("warm-up", 1L, 8, g), StepListener.NONE);
                long start = System.nanoTime();
                pipeline.generate(new GenerationRequest("a red fox in fresh snow", 1000L, steps, g), StepListener.NONE);
                double seconds = (System.nanoTime() - start) / 1e9;
                double megabytes = pipeline.branch(Branch.COND).weights().storedBytes() / 1e6;
                System.out.printf("| %s | %.2f | %.1f | %s |%n", variant, megabytes, seconds,
                        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            }
        }
    }
}
