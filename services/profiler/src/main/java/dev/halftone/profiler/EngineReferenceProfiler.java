package dev.halftone.profiler;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.profile.ActivationProfileWriter;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link ReferenceProfiler} over halftone-engine: the reference pipeline's profiling pass over whole trajectories,
 * written per branch as {@code <branch>.activations.safetensors} (per-channel maxima) and
 * {@code <branch>.activations.json} (per-step moments, fragility ranking, early-vs-late Spearman).
 */
@ApplicationScoped
public class EngineReferenceProfiler implements ReferenceProfiler {
    /** The paper's seed for calibration trajectories. */
    static final long CALIBRATION_SEED = 1000;

    @Override
    public Profile profile(Path modelDirectory, List<String> calibrationPrompts, int steps, double guidance, Path outputDirectory) {
        try (ImagePipeline pipeline = ImagePipeline.open(new ModelDirectory(modelDirectory), ModelDirectory.REFERENCE, EngineOptions.defaults())) {
            var profiles = pipeline.profile(calibrationPrompts, CALIBRATION_SEED, steps, (float) guidance);
            int layers = 0;
            for (Branch branch : Branch.values()) {
                var profile = profiles.get(branch);
                ActivationProfileWriter.write(profile, outputDirectory, branch.fileStem() + ".activations", Map.of(
                        "branch", branch.fileStem(), "prompts", Integer.toString(calibrationPrompts.size()),
                        "steps", Integer.toString(steps)));
                layers = Math.max(layers, profile.layerNames().size());
            }
            return new Profile(layers);
        } catch (IOException e) {
            // the model was fetched whole; failing to read it means it is not a loadable model
            throw new IllegalArgumentException("cannot profile the model in " + modelDirectory + ": " + e.getMessage(), e);
        }
    }
}
