package dev.halftone.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Agreement with scipy.stats.bootstrap(paired=True, method='percentile', n_resamples=10000) within Monte Carlo
 * error. SciPy was run with 30 seeds per data set; sd is the spread of an interval end over those runs.
 */
class PairedBootstrapTest {

    /** Bound in Monte Carlo standard errors. */
    private static final double SIGMAS = 4;

    @Test
    void oneSeededRunLiesWithinMonteCarloErrorOfScipy() {
        int runs = ScipyVectors.ROOT.get("runs").asInt();
        for (JsonNode c : ScipyVectors.ROOT.get("bootstrap")) {
            PairedComparison result = new PairedBootstrap().compare(ScipyVectors.doubles(c.get("baseline")),
                    ScipyVectors.doubles(c.get("candidate")));
            String name = c.get("name").asText();
            // our one run and SciPy's mean of `runs` runs: variances sd^2 and sd^2 / runs
            double spread = Math.sqrt(1 + 1.0 / runs);
            assertEquals(c.get("lowMean").asDouble(), result.ciLow(), tolerance(c, "lowSd", spread), name);
            assertEquals(c.get("highMean").asDouble(), result.ciHigh(), tolerance(c, "highSd", spread), name);
            assertEquals(c.get("meanDelta").asDouble(), result.meanDelta(), 1e-12, name);
            assertEquals(c.get("medianDelta").asDouble(), result.medianDelta(), 1e-12, name);
        }
    }

    @Test
    void theMeanOverThirtySeedsMatchesScipysMeanOverThirtySeeds() {
        int runs = ScipyVectors.ROOT.get("runs").asInt();
        for (JsonNode c : ScipyVectors.ROOT.get("bootstrap")) {
            double low = 0;
            double high = 0;
            for (int seed = 0; seed < runs; seed++) {
                PairedComparison result = new PairedBootstrap(10_000, 0.95, seed).compare(
                        ScipyVectors.doubles(c.get("baseline")), ScipyVectors.doubles(c.get("candidate")));
                low += result.ciLow() / runs;
                high += result.ciHigh() / runs;
            }
            double spread = Math.sqrt(2.0 / runs);
            String name = c.get("name").asText();
            System.out.printf("bootstrap %s: mean of %d runs, low %.6f (scipy %.6f), high %.6f (scipy %.6f)%n", name,
                    runs, low, c.get("lowMean").asDouble(), high, c.get("highMean").asDouble());
            assertEquals(c.get("lowMean").asDouble(), low, tolerance(c, "lowSd", spread), name);
            assertEquals(c.get("highMean").asDouble(), high, tolerance(c, "highSd", spread), name);
        }
    }

    @Test
    void reportsWhetherTheIntervalExcludesZero() {
        JsonNode pick = ScipyVectors.ROOT.get("bootstrap").get(0);
        PairedComparison improved = new PairedBootstrap().compare(ScipyVectors.doubles(pick.get("baseline")),
                ScipyVectors.doubles(pick.get("candidate")));
        assertTrue(improved.excludesZero(), improved.toString());
        JsonNode lpips = ScipyVectors.ROOT.get("bootstrap").get(3);
        PairedComparison nothing = new PairedBootstrap().compare(ScipyVectors.doubles(lpips.get("baseline")),
                ScipyVectors.doubles(lpips.get("candidate")));
        assertFalse(nothing.excludesZero(), nothing.toString());
    }

    @Test
    void sameSeedSameInterval() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {1.5, 2.1, 2.9, 4.8, 5.2, 6.6};
        assertEquals(new PairedBootstrap().compare(a, b), new PairedBootstrap().compare(a, b));
    }

    @Test
    void mismatchedOrTooShortInputIsRejected() {
        PairedBootstrap bootstrap = new PairedBootstrap();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bootstrap.compare(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bootstrap.compare(new double[] {1}, new double[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> bootstrap.compare(new double[] {1, Double.NaN}, new double[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(10, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(1000, 1.0, 1));
    }

    /**
     * SIGMAS Monte Carlo standard errors; where every delta is an integer the resampled means live on a 1/n grid,
     * SciPy's spread can be 0 and one grid step is the resolution.
     */
    private static double tolerance(JsonNode c, String sdField, double spread) {
        double[] base = ScipyVectors.doubles(c.get("baseline"));
        double[] cand = ScipyVectors.doubles(c.get("candidate"));
        boolean integral = true;
        for (int i = 0; i < base.length; i++) {
            integral &= cand[i] - base[i] == Math.rint(cand[i] - base[i]);
        }
        return SIGMAS * c.get(sdField).asDouble() * spread + (integral ? 1.0 / base.length : 0) + 1e-12;
    }
}
