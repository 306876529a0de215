package dev.halftone.generator;

import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The studies the planner has accepted and the prompts they reference, kept in the object store so that any
 * planner instance can plan a variant of a job another instance accepted.
 */
public interface StudyStore {

    /** Stores the study under a key derived from its job id; storing it again overwrites identical bytes. */
    void save(JobSubmitted study);

    /** The study, waiting up to {@code patience} for a concurrent {@link #save} (the two arrive on two topics). */
    Optional<JobSubmitted> find(String jobId, Duration patience);

    /**
     * The prompts of a referenced prompt set: a JSON array of strings.
     *
     * @throws IllegalArgumentException when the object is missing, too large or not an array of prompts
     */
    List<String> prompts(ObjectLocation reference);
}
