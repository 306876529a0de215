package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** {@code dev.halftone.image.generated.v1}: a generate task's PNG is stored, with its timing and device. */
public record ImageGenerated(String jobId, String taskId, String variant, String promptSet, int promptIndex, long seed,
                             ObjectLocation image, ImageTiming timing, String device) implements JobEvent {
    public ImageGenerated {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        matches("taskId", taskId, ContractBounds.TASK_ID);
        matches("variant", variant, ContractBounds.NAME);
        matches("promptSet", promptSet, ContractBounds.NAME);
        range("promptIndex", promptIndex, 0, ContractBounds.MAX_PROMPTS_PER_SET - 1);
        range("seed", seed, 0, Long.MAX_VALUE);
        present("image", image);
        present("timing", timing);
        matches("device", device, ContractBounds.DEVICE);
    }
}
