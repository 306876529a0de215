package dev.halftone.scorer;

import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The scorer's view of the object store: images to read, each image's stored scores, and the pending markers of
 * images waiting for their reference. Every key is a function of (job, task), so a replay overwrites in place.
 */
public interface ScoreStore {

    /** The study the generator accepted for this job, waiting up to {@code patience} for it to appear. */
    Optional<JobSubmitted> study(String jobId, Duration patience);

    byte[] image(ObjectLocation location);

    /** The reference variant's image of the same prompt and seed, if it is stored yet. */
    Optional<ObjectLocation> referenceImage(ReferenceImage reference);

    /** Stores one image's scores (the event itself), overwriting an identical earlier copy. */
    ObjectLocation putScores(ImageScored scored);

    /** Marks an image as waiting for its reference. */
    void markPending(ReferenceImage reference, ImageGenerated image);

    /** The images waiting for this reference. */
    List<ImageGenerated> pending(ReferenceImage reference);

    void clearPending(ReferenceImage reference, String taskId);
}
