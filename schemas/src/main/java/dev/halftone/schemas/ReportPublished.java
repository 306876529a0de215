package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** {@code dev.halftone.report.published.v1}: the study's report is stored. */
public record ReportPublished(String jobId, ObjectLocation report, int variantCount, long imageCount) implements JobEvent {
    public ReportPublished {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        present("report", report);
        range("variantCount", variantCount, 1, ContractBounds.MAX_VARIANTS);
        range("imageCount", imageCount, 0, Long.MAX_VALUE);
    }
}
