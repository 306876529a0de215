package dev.halftone.engine.profile;

import dev.halftone.engine.sampler.StepListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Activation statistics of one branch while it samples: for every linear and every step, max|x|, std and kurtosis of
 * its input (over all tokens, channels and prompts), and per input channel max|x| over everything (SmoothQuant's
 * activation scale). Streaming: nothing is stored but the moments. Register it as the branch's observer and as a
 * step listener; call {@link #beginSample()} before each prompt.
 */
public final class BranchActivationProfile implements ActivationObserver, StepListener {

    private final List<String> layerNames;
    private final int[] widths;
    private final int steps;
    private final StreamingMoments[][] moments;  // [layer][step]
    private final float[][] channelMax;          // [layer][in channel]
    private int step;

    /**
     * @param layerNames the branch's linears in profiling order
     * @param widths     their input widths
     */
    public BranchActivationProfile(List<String> layerNames, int[] widths, int steps) {
        if (layerNames.size() != widths.length) {
            throw new IllegalArgumentException(layerNames.size() + " layer names but " + widths.length + " widths");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        this.layerNames = List.copyOf(layerNames);
        this.widths = widths.clone();
        this.steps = steps;
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
        moments[layer][step].add(input, 0, rows * width);
        float[] max = channelMax[layer];
        for (int r = 0; r < rows; r++) {
            int at = r * width;
            for (int k = 0; k < width; k++) {
                max[k] = Math.max(max[k], Math.abs(input[at + k]));
            }
        }
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
