package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** {@code dev.halftone.profile.completed.v1}: per-layer activation statistics of the reference model are stored. */
public record ProfileCompleted(String jobId, String model, ObjectLocation profile, int layerCount,
                               int calibrationPrompts, long durationMs) implements JobEvent {
    public ProfileCompleted {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        matches("model", model, ContractBounds.NAME);
        present("profile", profile);
        range("layerCount", layerCount, 1, ContractBounds.MAX_LAYERS);
        range("calibrationPrompts", calibrationPrompts, 1, ContractBounds.MAX_PROMPTS_PER_SET);
        range("durationMs", durationMs, 0, Long.MAX_VALUE);
    }
}
