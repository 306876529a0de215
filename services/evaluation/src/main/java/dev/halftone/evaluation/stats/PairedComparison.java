package dev.halftone.evaluation.stats;

/**
 * Paired per-prompt comparison of a candidate variant against a baseline: delta = candidate - baseline per prompt,
 * its mean and median, and the percentile bootstrap confidence interval of the mean delta.
 *
 * @param n          number of prompts
 * @param confidence e.g. 0.95
 * @param resamples  bootstrap resamples B
 * @param seed       seed of the resampling stream, so the interval can be reproduced
 */
public record PairedComparison(int n, double meanDelta, double medianDelta, double ciLow, double ciHigh,
                               double confidence, int resamples, long seed) {

    public PairedComparison {
        if (ciLow > ciHigh) {
            throw new IllegalArgumentException("ciLow " + ciLow + " exceeds ciHigh " + ciHigh);
        }
    }

    /** The interval lies wholly above or wholly below zero: a difference at the 1 - confidence level. */
    public boolean excludesZero() {
        return ciLow > 0 || ciHigh < 0;
    }
}
