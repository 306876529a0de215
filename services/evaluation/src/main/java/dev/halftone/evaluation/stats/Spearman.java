package dev.halftone.evaluation.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman rank correlation: the Pearson correlation of the two samples' ranks, tied values sharing the average of
 * the ranks they span (scipy.stats.rankdata's 'average', as scipy.stats.spearmanr).
 */
public final class Spearman {

    private Spearman() {
    }

    public static double correlation(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Spearman needs samples of equal length, got " + x.length + " and "
                    + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("Spearman needs at least 2 pairs, got " + x.length);
        }
        double[] rx = averageRanks(x);
        double[] ry = averageRanks(y);
        double mean = (x.length + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = rx[i] - mean;
            double dy = ry[i] - mean;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            throw new IllegalArgumentException("Spearman is undefined when a sample is constant");
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** 1-based ranks; a run of k equal values at ranks r..r+k-1 gets (2r + k - 1) / 2 each. */
    public static double[] averageRanks(double[] values) {
        for (double value : values) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("cannot rank NaN");
            }
        }
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < values.length) {
            int end = start;
            while (end + 1 < values.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = average;
            }
            start = end + 1;
        }
        return ranks;
    }
}
