package dev.halftone.stats;

import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.Stage;
import dev.halftone.schemas.StageProgress;
import dev.halftone.schemas.VariantFormat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one job expects per stage and which distinct results it has seen. A result counts once by its key (the
 * variant name, or the task id for images), so a redelivered or replayed event never counts twice.
 */
public final class JobLedger {
    private final JobSubmitted study;
    private final Map<Stage, Long> expected = new EnumMap<>(Stage.class);
    private final Map<Stage, Set<String>> received = new EnumMap<>(Stage.class);
    private volatile String failure;

    /**
     * @param imagesPerVariant prompts x seeds over every prompt set of the study
     */
    public JobLedger(JobSubmitted study, long imagesPerVariant) {
        if (imagesPerVariant < 1) {
            throw new IllegalArgumentException("job " + study.jobId() + " has no images to make");
        }
        this.study = study;
        boolean profiled = study.variants().stream().anyMatch(v -> v.recipe().format() == VariantFormat.INT8_W8A8);
        long images = Math.multiplyExact(study.variants().size(), imagesPerVariant);
        expected.put(Stage.PROFILE, profiled ? 1L : 0L);
        expected.put(Stage.QUANTIZE, (long) study.variants().size());
        expected.put(Stage.GENERATE, images);
        expected.put(Stage.SCORE, images);
        expected.put(Stage.REPORT, 1L);
        for (Stage stage : Stage.values()) {
            received.put(stage, ConcurrentHashMap.newKeySet());
        }
    }

    public JobSubmitted study() {
        return study;
    }

    /** Records one result; returns false when this key was already counted (a redelivery) or is not expected. */
    public boolean record(Stage stage, String resultKey) {
        Set<String> seen = received.get(stage);
        if (seen.size() >= expected.get(stage) && !seen.contains(resultKey)) {
            throw new IllegalArgumentException("job " + study.jobId() + " expects " + expected.get(stage) + " "
                    + stage.wireName() + " results and already has them; '" + resultKey + "' is not one of its results");
        }
        return seen.add(resultKey);
    }

    public List<StageProgress> progress() {
        List<StageProgress> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            stages.add(new StageProgress(stage, expected.get(stage), received.get(stage).size()));
        }
        return stages;
    }

    /** Every stage before the report has all it expects. */
    public boolean readyToReport() {
        return progress().stream().filter(p -> p.stage() != Stage.REPORT).allMatch(p -> p.done() == p.expected());
    }

    /** Marks the job failed, for instance when its submission went to the dead-letter topic. */
    public void fail(String reason) {
        failure = reason;
    }

    /** The reason the job failed, or null while it has not. */
    public String failure() {
        return failure;
    }
}
