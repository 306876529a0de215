package dev.halftone.engine.profile;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.sampler.StepListener;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Activation statistics of one branch while it samples: for every linear and every step, max|x|, std and kurtosis of
 * its input (over all tokens, channels and prompts), and per input channel max|x| over everything (SmoothQuant's
 * activation scale). Streaming: nothing is stored but the moments. The statistics of each input are computed by the
 * engine's workers, row block by row block, since on one thread they cost a sizeable part of the parallel matmul
 * they precede. Register it as the branch's observer and as a step listener; call {@link #beginSample()} before
 * each prompt.
 */
public final class BranchActivationProfile implements ActivationObserver, StepListener {

    private final List<String> layerNames;
    private final int[] widths;
    private final int steps;
    private final StreamingMoments[][] moments;  // [layer][step]
    private final float[][] channelMax;          // [layer][in channel]
    private final WorkerPool pool;
    private final int maxWidth;
    private StreamingMoments[] partialMoments = new StreamingMoments[0];  // [task], reused by every observe
    private float[][] partialMax = new float[0][];                       // [task][in channel]
    private int step;

    /**
     * Rows per statistics task: a fixed split, so the merge order (and the rounding) does not depend on the thread
     * count; 64 rows of a DiT's widths are 64-200 KB, enough work per task to outweigh its scheduling (a few µs).
     */
    private static final int ROWS_PER_TASK = 64;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /**
     * @param layerNames the branch's linears in profiling order
     * @param widths     their input widths
     * @param pool       the engine's workers, which compute the statistics of row blocks in parallel
     */
    public BranchActivationProfile(List<String> layerNames, int[] widths, int steps, WorkerPool pool) {
        if (layerNames.size() != widths.length) {
            throw new IllegalArgumentException(layerNames.size() + " layer names but " + widths.length + " widths");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        this.layerNames = List.copyOf(layerNames);
        this.widths = widths.clone();
        this.steps = steps;
        this.pool = pool;
        this.maxWidth = Arrays.stream(widths).max().orElse(0);
        this.moments = new StreamingMoments[widths.length][steps];
        this.channelMax = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            for (int s = 0; s < steps; s++) {
                moments[l][s] = new StreamingMoments();
            }
            channelMax[l] = new float[widths[l]];
        }
    }

    /** Restarts the step counter for the next prompt's trajectory. */
    public void beginSample() {
        step = 0;
    }

    @Override
    public void stepDone(int finished, int total) {
        step = finished + 1;
    }

    @Override
    public void observe(int layer, float[] input, int rows, int width) {
        if (width != widths[layer]) {
            throw new IllegalArgumentException("layer " + layerNames.get(layer) + " input width " + width
                    + ", profile expects " + widths[layer]);
        }
        if (step >= steps) {
            throw new IllegalStateException("profile was made for " + steps + " steps; got step " + step);
        }
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        ensureScratch(tasks);
        pool.forEach(tasks, t -> {
            int from = t * ROWS_PER_TASK;
            int to = Math.min(rows, from + ROWS_PER_TASK);
            partialMoments[t].clear();
            partialMoments[t].add(input, from * width, (to - from) * width);
            float[] max = partialMax[t];
            Arrays.fill(max, 0, width, 0f);
            for (int r = from; r < to; r++) {
                maxAbsInto(input, r * width, width, max);
            }
        });
        // Merge order: task 0, 1, .. tasks - 1, always on this thread. The row split depends on rows alone, not on
        // the thread count, so every run rounds the same way; the moments differ from a single pass over all rows
        // only by float64 rounding of the pairwise merge (the test allows 1e-9 relative), the maxima not at all.
        StreamingMoments target = moments[layer][step];
        float[] max = channelMax[layer];
        for (int t = 0; t < tasks; t++) {
            target.add(partialMoments[t]);
            maxAbsInto(partialMax[t], 0, width, max);  // partial maxima are |x| already: abs leaves them as they are
        }
    }

    /** max[k] = max(max[k], |x[at + k]|) for k < width. */
    private static void maxAbsInto(float[] x, int at, int width, float[] max) {
        int k = 0;
        for (int vectorEnd = FLOATS.loopBound(width); k < vectorEnd; k += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, x, at + k).abs().max(FloatVector.fromArray(FLOATS, max, k))
                    .intoArray(max, k);
        }
        for (; k < width; k++) {
            max[k] = Math.max(max[k], Math.abs(x[at + k]));
        }
    }

    /** Grows the per-task partials to at least tasks; they are reused across calls, so steady state allocates none. */
    private void ensureScratch(int tasks) {
        if (partialMoments.length >= tasks) {
            return;
        }
        StreamingMoments[] moreMoments = Arrays.copyOf(partialMoments, tasks);
        float[][] moreMax = Arrays.copyOf(partialMax, tasks);
        for (int t = partialMoments.length; t < tasks; t++) {
            moreMoments[t] = new StreamingMoments();
            moreMax[t] = new float[maxWidth];
        }
        partialMoments = moreMoments;
        partialMax = moreMax;
    }

    public List<String> layerNames() {
        return layerNames;
    }

    public int steps() {
        return steps;
    }

    public StreamingMoments moments(int layer, int step) {
        return moments[layer][step];
    }

    /** Per input channel max|x| of layer over all steps and prompts; a copy. */
    public float[] channelMax(int layer) {
        return channelMax[layer].clone();
    }

    /** mean over steps [from, to) of kurtosis × max over those steps of max|x|: the paper's fragility score. */
    public double fragility(int layer, int from, int to) {
        double kurtosisSum = 0;
        double maxAbs = 0;
        for (int s = from; s < to; s++) {
            kurtosisSum += moments[layer][s].kurtosis();
            maxAbs = Math.max(maxAbs, moments[layer][s].maxAbs());
        }
        return kurtosisSum / (to - from) * maxAbs;
    }

    /** Fragility over all steps for every layer, in layer order. */
    public double[] fragilityScores(int from, int to) {
        double[] scores = new double[layerNames.size()];
        for (int l = 0; l < scores.length; l++) {
            scores[l] = fragility(l, from, to);
        }
        return scores;
    }

    /** Layer names, most fragile first (ties in layer order). */
    public List<String> fragilityRanking() {
        double[] scores = fragilityScores(0, steps);
        List<Integer> order = new ArrayList<>();
        for (int l = 0; l < scores.length; l++) {
            order.add(l);
        }
        order.sort((a, b) -> Double.compare(scores[b], scores[a]));
        return order.stream().map(layerNames::get).toList();
    }

    /**
     * Spearman's rank correlation between the fragility scores of the early half of the steps [0, S/2) and the
     * late half [S/2, S): how stable the ranking is along the trajectory. NaN with fewer than two steps.
     */
    public double earlyLateSpearman() {
        if (steps < 2) {
            return Double.NaN;
        }
        return SpearmanCorrelation.of(fragilityScores(0, steps / 2), fragilityScores(steps / 2, steps));
    }
}
