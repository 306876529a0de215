package dev.halftone.schemas;

/** An event about one job; its {@link #jobId()} is the CloudEvents subject and, for most topics, the record key. */
public sealed interface JobEvent permits JobSubmitted, ProfileCompleted, VariantReady, GenerateTask, ImageGenerated,
        ImageScored, JobProgress, ReportPublished {
    String jobId();
}
