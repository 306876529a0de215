package dev.halftone.profiler;

import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;

import java.nio.file.Path;

/** The profiler's view of the object store: models to fetch and profiles to store, under deterministic keys. */
public interface ProfilerStore {

    /**
     * Copies the model directory to a local cache (once per model) and returns it.
     *
     * @throws IllegalArgumentException when no model is stored at the reference's location
     */
    Path fetchModel(ModelReference model);

    /** Stores every file of the directory under the job's profile prefix; returns the entry file's location. */
    ObjectLocation putProfile(String jobId, String model, Path profileDirectory);
}
