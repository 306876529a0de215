package dev.halftone.evaluation.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap CI of the mean paired delta (paper §5: all variants share prompts and seeds, so the prompt
 * indices are resampled jointly for both variants). Equivalent to
 * {@code scipy.stats.bootstrap((baseline, candidate), lambda a, b: mean(b - a), paired=True, method='percentile')}
 * up to Monte Carlo error; scipy's default method is BCa, Halftone's is the percentile interval.
 *
 * <p>Resample r draws n indices uniformly with replacement from a {@link SplittableRandom} seeded with the given
 * seed; the interval is the (1 - confidence)/2 and (1 + confidence)/2 percentiles of the B resampled means, with
 * {@link Percentile}'s interpolation.
 */
public final class PairedBootstrap {

    public static final int DEFAULT_RESAMPLES = 10_000;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final long DEFAULT_SEED = 1000;

    private final int resamples;
    private final double confidence;
    private final long seed;

    public PairedBootstrap(int resamples, double confidence, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 100, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        this.resamples = resamples;
        this.confidence = confidence;
        this.seed = seed;
    }

    /** B = 10000, 95%, seed 1000. */
    public PairedBootstrap() {
        this(DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED);
    }

    /** @param baseline per-prompt scores of the baseline; @param candidate the candidate's, same prompt order */
    public PairedComparison compare(double[] baseline, double[] candidate) {
        if (baseline.length != candidate.length) {
            throw new IllegalArgumentException("paired scores must cover the same prompts: baseline has "
                    + baseline.length + " scores, candidate " + candidate.length);
        }
        if (baseline.length < 2) {
            throw new IllegalArgumentException("a paired bootstrap needs at least 2 prompts, got " + baseline.length);
        }
        int n = baseline.length;
        double[] deltas = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(baseline[i]) || !Double.isFinite(candidate[i])) {
                throw new IllegalArgumentException("score of prompt " + i + " is not finite: baseline "
                        + baseline[i] + ", candidate " + candidate[i]);
            }
            deltas[i] = candidate[i] - baseline[i];
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += deltas[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - confidence) / 2 * 100;
        double[] sorted = deltas.clone();
        Arrays.sort(sorted);
        return new PairedComparison(n, Arrays.stream(deltas).sum() / n, Percentile.ofSorted(sorted, 50),
                Percentile.ofSorted(means, tail), Percentile.ofSorted(means, 100 - tail), confidence, resamples, seed);
    }
}
