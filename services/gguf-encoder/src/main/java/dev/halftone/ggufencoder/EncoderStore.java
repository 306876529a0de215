package dev.halftone.ggufencoder;

import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;

import java.nio.file.Path;

/** The encoder's view of the object store; variant keys are functions of (job, variant). */
public interface EncoderStore {

    /** @throws IllegalArgumentException when no model is stored at the reference's location */
    Path fetchModel(ModelReference model);

    /** Stores every file of the directory under the variant's prefix; returns that prefix. */
    ObjectLocation putVariant(String jobId, String variant, Path directory);
}
