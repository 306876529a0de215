package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** {@code dev.halftone.variant.ready.v1}: one variant's weights are stored and loadable. */
public record VariantReady(String jobId, String variant, VariantFormat format, ObjectLocation location,
                           long bytesOnDisk, double bitsPerWeight) implements JobEvent {
    public VariantReady {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        matches("variant", variant, ContractBounds.NAME);
        present("format", format);
        present("location", location);
        range("bytesOnDisk", bytesOnDisk, 1, Long.MAX_VALUE);
        if (!(bitsPerWeight > 0.0 && bitsPerWeight <= 32.0)) {
            throw new IllegalArgumentException("bitsPerWeight is " + bitsPerWeight + ", must be in (0, 32]");
        }
    }
}
