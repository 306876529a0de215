package dev.halftone.quantizer;

import dev.halftone.schemas.Recipe;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds both branches of one variant from the reference model with halftone-formats: INT8 W8A8 (SmoothQuant
 * alpha, protection top-k or an explicit list, from the activation profile) or NF4.
 */
public interface VariantQuantizer {

    /** What a build wrote: its size on disk, scales included, and the bits per quantized weight. */
    record Built(long bytesOnDisk, double bitsPerWeight) {
    }

    /**
     * @param profileDirectory the stored activation profile; present exactly for INT8 recipes
     * @throws IllegalArgumentException when the recipe cannot be built from this model (unknown layer names,
     *     a protection larger than the model)
     */
    Built build(Path modelDirectory, Recipe recipe, Optional<Path> profileDirectory, Path outputDirectory);
}
