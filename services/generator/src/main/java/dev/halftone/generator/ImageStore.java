package dev.halftone.generator;

import dev.halftone.schemas.ObjectLocation;

/** Where generated PNGs go; the key is a function of (job, variant, prompt, seed), so a replay overwrites in place. */
public interface ImageStore {

    ObjectLocation put(String jobId, String variant, String promptSet, int promptIndex, long seed, byte[] png);
}
