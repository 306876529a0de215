package dev.halftone.scorer;

/** Which image is the reference of another: the reference variant's image of the same job, prompt and seed. */
public record ReferenceImage(String jobId, String variant, String promptSet, int promptIndex, long seed) {
}
