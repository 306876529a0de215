package dev.halftone.engine.sampler;

import dev.halftone.engine.model.DiTConfig;

/**
 * The shifted flow-matching schedule of docs/model.md §4: σ_i = 1 − i/S, σ'_i = m·σ_i / (1 + (m − 1)·σ_i),
 * m = exp(μ), μ linear in the image-token count between base_shift (256 tokens) and max_shift (4096), in float64.
 */
public final class SigmaSchedule {

    private final double[] sigmas;

    private SigmaSchedule(double[] sigmas) {
        this.sigmas = sigmas;
    }

    public static SigmaSchedule of(int steps, DiTConfig config) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        double mu = config.baseShift()
                + (config.maxShift() - config.baseShift()) * (config.imageTokens() - 256) / (4096 - 256);
        double m = Math.exp(mu);
        double[] sigmas = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double sigma = 1.0 - (double) i / steps;
            sigmas[i] = m * sigma / (1.0 + (m - 1.0) * sigma);
        }
        return new SigmaSchedule(sigmas);
    }

    public int steps() {
        return sigmas.length - 1;
    }

    /** σ'_i in float64, i in [0, steps]. */
    public double sigma(int i) {
        return sigmas[i];
    }

    /** The model's time input at step i: float32(σ'_i). */
    public float time(int i) {
        return (float) sigmas[i];
    }

    /** The Euler step size at step i: float32(σ'_{i+1} − σ'_i), negative. */
    public float delta(int i) {
        return (float) (sigmas[i + 1] - sigmas[i]);
    }
}
