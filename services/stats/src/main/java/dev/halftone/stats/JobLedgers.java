package dev.halftone.stats;

import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ProfileCompleted;
import dev.halftone.schemas.Stage;
import dev.halftone.schemas.VariantReady;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every job stats knows, with the results that arrived before their job's submission (the two travel on
 * different topics, so a result may overtake its study); those are replayed into the ledger once it exists.
 * Callers hold the instance's monitor; the class is not thread-safe by itself.
 */
public final class JobLedgers {
    /** One result of one stage: the key it is counted by and, for the profile, variants, images and scores, the event behind it. */
    public record Result(Stage stage, String key, Record event) {
    }

    private final Map<String, JobLedger> ledgers = new LinkedHashMap<>();
    private final Map<String, List<Result>> early = new LinkedHashMap<>();
    private final Map<String, Map<String, VariantReady>> variants = new LinkedHashMap<>();
    private final Map<String, ProfileCompleted> profiles = new LinkedHashMap<>();
    private final Map<String, Map<String, ImageGenerated>> images = new LinkedHashMap<>();
    private final Map<String, Map<String, ImageScored>> scores = new LinkedHashMap<>();
    private final int maxEarlyResults;

    public JobLedgers(int maxEarlyResults) {
        this.maxEarlyResults = maxEarlyResults;
    }

    /** Opens a job's ledger (again, on a replay: the existing one is kept) and counts its early results. */
    public JobLedger open(JobSubmitted study, long imagesPerVariant) {
        JobLedger ledger = ledgers.get(study.jobId());
        if (ledger == null) {
            ledger = new JobLedger(study, imagesPerVariant);
            ledgers.put(study.jobId(), ledger);
            for (Result result : early.getOrDefault(study.jobId(), List.of())) {
                count(ledger, result);
            }
            early.remove(study.jobId());
        }
        return ledger;
    }

    /** Counts a result; returns the ledger when it changed, empty when the result was a repeat or its job is unknown yet. */
    public Optional<JobLedger> record(String jobId, Result result) {
        JobLedger ledger = ledgers.get(jobId);
        if (ledger == null) {
            List<Result> waiting = early.computeIfAbsent(jobId, id -> new ArrayList<>());
            if (early.values().stream().mapToInt(List::size).sum() >= maxEarlyResults) {
                throw new IllegalArgumentException("result for unknown job " + jobId + " and "
                        + maxEarlyResults + " results already wait for their jobs");
            }
            waiting.add(result);
            return Optional.empty();
        }
        return count(ledger, result) ? Optional.of(ledger) : Optional.empty();
    }

    public Optional<JobLedger> find(String jobId) {
        return Optional.ofNullable(ledgers.get(jobId));
    }

    public Collection<JobLedger> all() {
        return ledgers.values();
    }

    private Collection<VariantReady> variants(String jobId) {
        return variants.getOrDefault(jobId, Map.of()).values();
    }

    /** The finished study's inputs, for its report. */
    public FinishedStudy finished(JobLedger ledger) {
        String jobId = ledger.study().jobId();
        return new FinishedStudy(ledger.study(), Optional.ofNullable(profiles.get(jobId)), List.copyOf(variants(jobId)),
                List.copyOf(images(jobId)), List.copyOf(scores(jobId)));
    }

    /** The first {@code image.generated} counted for each of the job's tasks (a redelivered task's repeat is not). */
    private Collection<ImageGenerated> images(String jobId) {
        return images.getOrDefault(jobId, Map.of()).values();
    }

    private Collection<ImageScored> scores(String jobId) {
        return scores.getOrDefault(jobId, Map.of()).values();
    }

    private boolean count(JobLedger ledger, Result result) {
        boolean counted = ledger.record(result.stage(), result.key());
        if (counted && result.event() instanceof VariantReady ready) {
            variants.computeIfAbsent(ready.jobId(), id -> new LinkedHashMap<>()).put(ready.variant(), ready);
        }
        if (counted && result.event() instanceof ProfileCompleted profile) {
            profiles.put(profile.jobId(), profile);
        }
        if (counted && result.event() instanceof ImageGenerated generated) {
            images.computeIfAbsent(generated.jobId(), id -> new LinkedHashMap<>()).put(generated.taskId(), generated);
        }
        if (counted && result.event() instanceof ImageScored scored) {
            scores.computeIfAbsent(scored.jobId(), id -> new LinkedHashMap<>()).put(scored.taskId(), scored);
        }
        return counted;
    }
}
