package dev.halftone.formats.quant;

import java.util.SplittableRandom;

/**
 * Fresh random weight rows for quantizer tests: every 256-value super-block draws one of several regimes that
 * exercise different branches of the quantizers (Gaussian, heavy-tailed outliers, exact zeros, constants,
 * all-positive and all-negative blocks, tiny and huge magnitudes, sparse blocks, fp16-boundary scales).
 */
public final class WeightSamples {
    private final SplittableRandom random;

    public WeightSamples(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The seed of this run: {@code -Dhalftone.seed} to replay a failure, else fresh from the clock. */
    public static long seed() {
        return Long.getLong("halftone.seed", System.nanoTime());
    }

    /** {@code n} values (a multiple of 256), regimes drawn per 256-value super-block. */
    public float[] next(int n) {
        float[] x = new float[n];
        for (int b = 0; b < n; b += 256) {
            fillBlock(x, b, Math.min(256, n - b));
        }
        return x;
    }

    private void fillBlock(float[] x, int offset, int n) {
        int regime = random.nextInt(13);
        float scale = (float) Math.pow(10, random.nextDouble(-4, 2));
        for (int i = 0; i < n; i++) {
            x[offset + i] = switch (regime) {
                case 0, 1, 2 -> (float) (gaussian() * scale);
                case 3 -> (float) (random.nextDouble() < 0.01 ? gaussian() * scale * 40 : gaussian() * scale);
                case 4 -> (float) (scale * gaussian() / Math.max(1e-3, Math.abs(gaussian()))); // Cauchy-like tails
                case 5 -> 0f;
                case 6 -> scale;
                case 7 -> (float) (Math.abs(gaussian()) * scale + scale);
                case 8 -> (float) (-Math.abs(gaussian()) * scale);
                case 9 -> (float) (random.nextDouble() < 0.9 ? 0 : gaussian() * scale);
                case 10 -> (float) (gaussian() * (random.nextBoolean() ? 1e-9 : 6e4)); // fp16 underflow and overflow
                case 11 -> (float) ((random.nextInt(33) - 16) * scale); // values on a grid
                // half-integers under amax = 127·2^k: Q8_0's d = 2^k exactly, so x/d lands on .5 ties
                default -> Math.scalb((random.nextInt(509) - 254) / 2f, exponentOf(scale));
            };
        }
        if (regime == 11 && random.nextBoolean()) {
            x[offset + random.nextInt(n)] = -x[offset + random.nextInt(n)] * 3;
        }
        if (regime == 12) {
            for (int b = offset; b < offset + n; b += 32) {
                x[b + random.nextInt(Math.min(32, offset + n - b))] = Math.scalb(random.nextBoolean() ? 127f : -127f,
                        exponentOf(scale));
            }
        }
    }

    private static int exponentOf(float scale) {
        return Math.getExponent(scale) - 7;
    }

    private double gaussian() {
        return random.nextGaussian();
    }
}
