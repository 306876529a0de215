package dev.halftone.cli.engine;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.decode.RgbImage;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.sampler.SamplerPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code halftone generate}: renders one image with the CPU engine (kernels/engine) from a model directory and one of
 * its variants, with a progress bar over the sampling steps.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Render one image on the CPU from a model directory (config.json, text_encoder, cond/uncond).")
public final class GenerateCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (docs/model.md §6)")
    private Path model;

    @Option(names = "--variant", defaultValue = ModelDirectory.REFERENCE, paramLabel = "NAME",
            description = "\"reference\" (the root's branches) or a folder under variants/; default: ${DEFAULT-VALUE}")
    private String variant;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "the prompt")
    private String prompt;

    @Option(names = "--seed", defaultValue = "1000", paramLabel = "N", description = "noise seed; default: ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--steps", paramLabel = "N", description = "Euler steps; default: the preset's")
    private Integer steps;

    @Option(names = "--preset", defaultValue = "quality-48", paramLabel = "NAME",
            description = "quality-48 or fast-16; default: ${DEFAULT-VALUE}")
    private String preset;

    @Option(names = "--guidance", paramLabel = "G", description = "CFG scale; default: the config's default_guidance")
    private Float guidance;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads; default: all processors")
    private Integer threads;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "where to write the image")
    private Path out;

    @Override
    public void run() {
        int stepCount = steps != null ? steps : presetSteps();
        EngineOptions options = new EngineOptions(threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                EngineOptions.KernelChoice.VECTOR);
        try (ImagePipeline pipeline = ImagePipeline.open(new ModelDirectory(model), variant, options)) {
            float g = guidance != null ? guidance : (float) pipeline.config().defaultGuidance();
            var progress = new StepProgressBar(spec.commandLine().getErr(), System.nanoTime());
            RgbImage image = pipeline.generate(new GenerationRequest(prompt, seed, stepCount, g), progress);
            PngFile.write(image, out);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %dx%d, %s variant, %d steps, seed %d, %.1f s%n",
                    out, image.width(), image.height(), variant, stepCount, seed, progress.elapsedSeconds());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private int presetSteps() {
        try {
            return SamplerPreset.of(preset).steps();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
        }
    }
}
