package dev.halftone.evaluation.stats;

/**
 * One linear layer's input statistics over the denoising trajectory, one entry per profiled step (paper §3,
 * "Activation fragility profiling"), as the profiler records them.
 *
 * @param maxAbs   max |x| of the layer input at each step
 * @param std      standard deviation at each step (kept for the report; the score does not use it)
 * @param kurtosis Pearson kurtosis E[(x - mean)^4] / std^4 at each step (3 for a Gaussian, not excess kurtosis)
 */
public record LayerTrace(String layer, double[] maxAbs, double[] std, double[] kurtosis) {

    public LayerTrace {
        if (layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("layer name must not be blank");
        }
        if (maxAbs.length != std.length || maxAbs.length != kurtosis.length) {
            throw new IllegalArgumentException("layer " + layer + ": maxAbs, std and kurtosis must have one entry per"
                    + " step, got " + maxAbs.length + ", " + std.length + ", " + kurtosis.length);
        }
        if (maxAbs.length < 2) {
            throw new IllegalArgumentException("layer " + layer + ": need at least 2 profiled steps, got "
                    + maxAbs.length);
        }
        for (int t = 0; t < maxAbs.length; t++) {
            if (!Double.isFinite(maxAbs[t]) || !Double.isFinite(std[t]) || !Double.isFinite(kurtosis[t])) {
                throw new IllegalArgumentException("layer " + layer + ": step " + t + " has a non-finite statistic");
            }
        }
    }

    public int steps() {
        return maxAbs.length;
    }

    /** Fragility over steps [from, to): mean kurtosis times max |x|. */
    public double fragility(int from, int to) {
        double kurtosisSum = 0;
        double max = 0;
        for (int t = from; t < to; t++) {
            kurtosisSum += kurtosis[t];
            max = Math.max(max, maxAbs[t]);
        }
        return kurtosisSum / (to - from) * max;
    }
}
