package dev.halftone.evaluation.report;

import dev.halftone.evaluation.stats.PairedComparison;
import java.util.Optional;

/** A requested pair with its bootstrap result, or the reason there is none (too few shared prompts, no data). */
public record PairResult(PairRequest request, Optional<PairedComparison> comparison, String reason) {
}
