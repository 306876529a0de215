package dev.halftone.cli.swarm;

import dev.halftone.evaluation.prompts.PromptSetReader;
import dev.halftone.evaluation.prompts.PromptSplit;
import dev.halftone.evaluation.prompts.SplitSizes;
import dev.halftone.evaluation.prompts.StratifiedSplit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's model and prompts: the trained halftone-tiny FP8 reference that halftone-tiny-model ships on its
 * classpath, and halftone-evaluation's halftone-tiny prompt set split as the profiler splits it, so the studied
 * prompts never include a calibration prompt.
 */
final class DemoModel {
    static final String NAME = "halftone-tiny";
    /** The model directory's files (docs/model.md §6), as shipped under {@code /halftone-tiny/}. */
    private static final List<String> FILES = List.of("config.json", "text_encoder.safetensors", "cond.safetensors", "uncond.safetensors");
    /** The split's seed, the same the profiler uses for its calibration prompts. */
    static final long SPLIT_SEED = 1000;

    private DemoModel() {
    }

    /** Copies the shipped model directory into {@code directory}. */
    static Path write(Path directory) {
        try {
            Files.createDirectories(directory);
            for (String file : FILES) {
                try (InputStream in = DemoModel.class.getResourceAsStream("/" + NAME + "/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("/" + NAME + "/" + file + " is not on the classpath; the halftone-tiny-model jar is missing");
                    }
                    Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + NAME + " to " + directory, e);
        }
    }

    /**
     * The evaluation prompts, a text prompt (OCR target) and a quality prompt in turn, so the first few of a small
     * study already cover both of the paper's benchmarks.
     */
    static List<String> prompts() {
        PromptSplit split = StratifiedSplit.split(PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY),
                SplitSizes.HALFTONE_TINY, SPLIT_SEED);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < Math.max(split.text().size(), split.quality().size()); i++) {
            if (i < split.text().size()) {
                prompts.add(split.text().get(i).text());
            }
            if (i < split.quality().size()) {
                prompts.add(split.quality().get(i).text());
            }
        }
        return List.copyOf(prompts);
    }
}
