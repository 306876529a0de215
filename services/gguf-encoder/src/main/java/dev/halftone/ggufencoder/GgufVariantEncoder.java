package dev.halftone.ggufencoder;

import dev.halftone.schemas.VariantFormat;

import java.nio.file.Path;

/** Encodes both branches of the reference model as GGUF files (Q8_0, Q4_K or Q4_K_M) with halftone-formats. */
public interface GgufVariantEncoder {

    /** What an encoding wrote: its size on disk and the bits per quantized weight. */
    record Encoded(long bytesOnDisk, double bitsPerWeight) {
    }

    /** @throws IllegalArgumentException when the format is not a GGUF format or the model cannot be read */
    Encoded encode(Path modelDirectory, VariantFormat format, Path outputDirectory);
}
