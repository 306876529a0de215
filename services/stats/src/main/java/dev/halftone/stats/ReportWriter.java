package dev.halftone.stats;

import dev.halftone.schemas.ObjectLocation;

/**
 * Computes a finished study's statistics (per-variant means, paired same-seed bootstrap CIs against the
 * reference, the fragility ranking, Table 3, seconds per image) and stores the rendered report; the same inputs always give the same
 * stored bytes.
 */
public interface ReportWriter {

    /** Returns where the report's entry document (Markdown) is stored. */
    ObjectLocation write(FinishedStudy finished);
}
