package dev.halftone.stats;

import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ProfileCompleted;
import dev.halftone.schemas.VariantReady;

import java.util.Collection;
import java.util.Optional;

/**
 * What a finished study's report is computed from: the submission, its profile (a study with INT8 variants has
 * one) and every result counted once.
 */
public record FinishedStudy(JobSubmitted study, Optional<ProfileCompleted> profile, Collection<VariantReady> variants,
                            Collection<ImageGenerated> images, Collection<ImageScored> scores) {
}
