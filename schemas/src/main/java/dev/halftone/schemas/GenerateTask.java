package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.maxLength;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** {@code dev.halftone.generate.task.v1}: generate one image (one prompt, one seed) on one variant. */
public record GenerateTask(String jobId, String taskId, String variant, VariantFormat format,
                           ObjectLocation variantLocation, String promptSet, int promptIndex, String prompt, long seed,
                           int steps, double guidance, Resolution resolution) implements JobEvent {
    public GenerateTask {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        matches("taskId", taskId, ContractBounds.TASK_ID);
        matches("variant", variant, ContractBounds.NAME);
        present("format", format);
        present("variantLocation", variantLocation);
        matches("promptSet", promptSet, ContractBounds.NAME);
        range("promptIndex", promptIndex, 0, ContractBounds.MAX_PROMPTS_PER_SET - 1);
        maxLength("prompt", prompt, ContractBounds.MAX_PROMPT_LENGTH);
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("prompt must not be empty");
        }
        range("seed", seed, 0, Long.MAX_VALUE);
        range("steps", steps, ContractBounds.MIN_STEPS, ContractBounds.MAX_STEPS);
        range("guidance", guidance, 0.0, ContractBounds.MAX_GUIDANCE);
        present("resolution", resolution);
    }

    /** The task id every producer uses, so a re-delivered task overwrites the same image: variant.set.index.seed. */
    public static String taskIdOf(String variant, String promptSet, int promptIndex, long seed) {
        return variant + "." + promptSet + "." + promptIndex + "." + seed;
    }
}
