package dev.halftone.profiler;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the reference model on calibration prompts with the engine's profiling hooks over the whole trajectory and
 * writes the profile (per-layer per-step statistics, per-channel maxima, fragility ranking, early-vs-late
 * Spearman) into a directory.
 */
public interface ReferenceProfiler {

    /** What a profile run wrote: how many linear layers it measured. */
    record Profile(int layerCount) {
    }

    /** @throws IllegalArgumentException when the model directory is not a loadable model */
    Profile profile(Path modelDirectory, List<String> calibrationPrompts, int steps, double guidance, Path outputDirectory);
}
