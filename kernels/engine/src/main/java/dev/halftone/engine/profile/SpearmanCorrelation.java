package dev.halftone.engine.profile;

import java.util.Arrays;
import java.util.Comparator;

/** Spearman's ρ: Pearson correlation of the ranks, tied values sharing their average rank (as scipy.stats.spearmanr). */
public final class SpearmanCorrelation {

    private SpearmanCorrelation() {
    }

    public static double of(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("Spearman correlation needs two samples of equal length >= 2, got "
                    + a.length + " and " + b.length);
        }
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double meanA = Arrays.stream(ra).average().orElseThrow();
        double meanB = Arrays.stream(rb).average().orElseThrow();
        double cov = 0, varA = 0, varB = 0;
        for (int i = 0; i < ra.length; i++) {
            cov += (ra[i] - meanA) * (rb[i] - meanB);
            varA += (ra[i] - meanA) * (ra[i] - meanA);
            varB += (rb[i] - meanB) * (rb[i] - meanB);
        }
        return cov / Math.sqrt(varA * varB);
    }

    /** 1-based ranks, ties averaged. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                ranks[order[t]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }
}
