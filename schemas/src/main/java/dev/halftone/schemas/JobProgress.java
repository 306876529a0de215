package dev.halftone.schemas;

import java.util.List;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.size;

/** {@code dev.halftone.job.progress.v1}: a job's progress, one entry per stage, each stage at most once. */
public record JobProgress(String jobId, List<StageProgress> stages) implements JobEvent {
    public JobProgress {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        stages = List.copyOf(size("stages", stages, 1, Stage.values().length));
        if (stages.stream().map(StageProgress::stage).distinct().count() != stages.size()) {
            throw new IllegalArgumentException("stages lists a stage twice; give each stage once");
        }
    }
}
