package dev.halftone.service;

import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.JobSubmitted;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Each job's study, stored beside its report as {@code study.json} by the services that consume job submitted, and
 * read by services whose later events (a variant, an image) name only the job. The study travels on another topic
 * than those events, so a reader may arrive first and waits a little for it.
 */
@ApplicationScoped
public class StoredStudies {
    private static final long POLL_NANOS = Duration.ofMillis(250).toNanos();
    private final EventJson json = new EventJson();
    private final ObjectStore store;
    private final ObjectKeys keys;

    public StoredStudies(ObjectStore store, ObjectKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /** Stores the study; the bytes are a function of the event, so a replay overwrites an identical object. */
    public void save(JobSubmitted study) {
        store.put(keys.report(study.jobId(), "study.json"), json.write(study), "application/json");
    }

    /** The job's study, waiting up to {@code patience} for it to be stored; empty for a job nobody submitted. */
    public Optional<JobSubmitted> find(String jobId, Duration patience) {
        var location = keys.report(jobId, "study.json");
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return Optional.of(json.read(store.get(location), JobSubmitted.class));
            } catch (MissingObjectException e) {
                if (System.nanoTime() >= deadline) {
                    return Optional.empty();
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }
}
