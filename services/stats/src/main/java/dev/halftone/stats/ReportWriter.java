package dev.halftone.stats;

import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.VariantReady;

import java.util.Collection;

/**
 * Computes a finished study's statistics (per-variant means, paired same-seed bootstrap CIs against the
 * reference, Spearman, seconds per image) and stores the rendered report; the same inputs always give the same
 * stored bytes.
 */
public interface ReportWriter {

    /** Returns where the report's entry document (Markdown) is stored. */
    ObjectLocation write(JobSubmitted study, Collection<VariantReady> variants, Collection<ImageGenerated> images,
                         Collection<ImageScored> scores);
}
