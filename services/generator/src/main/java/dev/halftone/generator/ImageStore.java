package dev.halftone.generator;

import dev.halftone.schemas.ObjectLocation;

/** Where generated PNGs go; the key is a function of the job and task, so a replay overwrites the same object. */
public interface ImageStore {

    ObjectLocation put(String jobId, String taskId, byte[] png);
}
