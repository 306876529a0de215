package dev.halftone.evaluation.report;

import java.util.OptionalDouble;

/**
 * One variant of the study and its efficiency figures.
 *
 * @param name            the id scores refer to ("int8-w8a8")
 * @param label           how tables print it ("INT8 (ours)")
 * @param sizeOnDiskBytes weights on disk with scales included
 * @param bitsPerWeight   average stored bits per weight, block scales included
 * @param secondsPerImage mean seconds of the generation pipeline per image (text encoding, sampling, decoding) at the
 *                        study's fixed settings, when measured
 */
public record VariantInfo(String name, String label, long sizeOnDiskBytes, double bitsPerWeight,
                          OptionalDouble secondsPerImage) {

    public VariantInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank");
        }
        label = label == null || label.isBlank() ? name : label;
        if (sizeOnDiskBytes < 0 || !(bitsPerWeight > 0)) {
            throw new IllegalArgumentException("variant " + name + ": size must be >= 0 and bits per weight > 0");
        }
    }
}
