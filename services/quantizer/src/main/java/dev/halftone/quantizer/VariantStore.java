package dev.halftone.quantizer;

import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The quantizer's view of the object store; variant and study keys are functions of (job, variant). */
public interface VariantStore {

    /** @throws IllegalArgumentException when no model is stored at the reference's location */
    Path fetchModel(ModelReference model);

    /** Total bytes of the model's two branches as stored (the reference variant's size on disk). */
    long branchBytes(ModelReference model);

    Path fetchProfile(ObjectLocation profile);

    /** Stores every file of the directory under the variant's prefix; returns that prefix. */
    ObjectLocation putVariant(String jobId, String variant, Path directory);

    void saveStudy(JobSubmitted study);

    Optional<JobSubmitted> study(String jobId, Duration patience);
}
