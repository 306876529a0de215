package dev.halftone.schemas;

import java.util.HashSet;
import java.util.List;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;
import static dev.halftone.schemas.FieldCheck.size;

/** {@code dev.halftone.job.submitted.v1}: a study of one model over variants, prompt sets and seeds. */
public record JobSubmitted(String jobId, ModelReference model, List<Variant> variants, List<PromptSet> promptSets,
                           List<Long> seeds, int steps, double guidance, Resolution resolution) implements JobEvent {
    public JobSubmitted {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        present("model", model);
        variants = List.copyOf(size("variants", variants, 1, ContractBounds.MAX_VARIANTS));
        promptSets = List.copyOf(size("promptSets", promptSets, 1, ContractBounds.MAX_PROMPT_SETS));
        seeds = List.copyOf(size("seeds", seeds, 1, ContractBounds.MAX_SEEDS));
        range("steps", steps, ContractBounds.MIN_STEPS, ContractBounds.MAX_STEPS);
        range("guidance", guidance, 0.0, ContractBounds.MAX_GUIDANCE);
        present("resolution", resolution);
        unique("variants[].name", variants.stream().map(Variant::name).toList());
        unique("promptSets[].name", promptSets.stream().map(PromptSet::name).toList());
        unique("seeds", seeds);
        for (var seed : seeds) {
            range("seeds[]", seed, 0, Long.MAX_VALUE);
        }
    }

    private static void unique(String field, List<?> values) {
        var seen = new HashSet<>();
        for (var value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException(field + " repeats '" + value + "'; each must be unique");
            }
        }
    }
}
