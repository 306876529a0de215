package dev.halftone.evaluation.stats;

/**
 * Percentiles of sorted data with linear interpolation between closest ranks: position h = (n - 1) q / 100,
 * value x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). This is numpy's default ('linear') method, the one
 * scipy.stats.bootstrap's percentile interval uses.
 */
public final class Percentile {

    private Percentile() {
    }

    /** @param sorted ascending, not empty; @param percent in [0, 100] */
    public static double ofSorted(double[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile of an empty sample");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must lie in [0, 100], got " + percent);
        }
        double position = (sorted.length - 1) * percent / 100.0;
        int below = (int) Math.floor(position);
        if (below >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }
}
