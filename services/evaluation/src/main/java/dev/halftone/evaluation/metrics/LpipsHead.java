package dev.halftone.evaluation.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * LPIPS's learned head over a trunk's feature maps (Zhang et al. 2018; richzhang/PerceptualSimilarity,
 * {@code lpips.LPIPS(net='alex', version='0.1')}): per layer, unit-normalize each feature vector over channels
 * (x / (||x||_2 + 1e-10)), square the difference of the two images' normalized features, weight the channels with
 * the layer's non-negative 1x1 linear weights, average over the spatial positions, and sum over layers.
 */
public final class LpipsHead {

    /** lpips.normalize_tensor's eps, added to the norm (not under the square root). */
    public static final double EPS = 1e-10;

    private final List<double[]> weights;

    /** @param weights one array per trunk layer, one weight per channel (lin0..lin4 of v0.1 for AlexNet) */
    public LpipsHead(List<double[]> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("LPIPS needs at least one layer of linear weights");
        }
        this.weights = List.copyOf(weights);
    }

    public int layers() {
        return weights.size();
    }

    /** @param a, b the trunk's outputs for the two images, each (1, C_l, H_l, W_l), in layer order */
    public double distance(List<OutputTensor> a, List<OutputTensor> b) {
        if (a.size() != weights.size() || b.size() != weights.size()) {
            throw new IllegalArgumentException("LPIPS head has " + weights.size() + " layers of weights, the trunk"
                    + " returned " + a.size() + " feature maps");
        }
        double total = 0;
        for (int layer = 0; layer < weights.size(); layer++) {
            total += layerDistance(layer, a.get(layer), b.get(layer));
        }
        return total;
    }

    private double layerDistance(int layer, OutputTensor a, OutputTensor b) {
        double[] w = weights.get(layer);
        if (a.rank() != 4 || a.dim(0) != 1 || !Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("LPIPS layer " + layer + ": feature maps must both be (1, C, H, W),"
                    + " got " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        int channels = a.dim(1);
        if (channels != w.length) {
            throw new IllegalArgumentException("LPIPS layer " + layer + ": trunk gives " + channels
                    + " channels, the linear weights have " + w.length);
        }
        int positions = a.dim(2) * a.dim(3);
        float[] x = a.values();
        float[] y = b.values();
        double sum = 0;
        for (int p = 0; p < positions; p++) {
            double normX = 0;
            double normY = 0;
            for (int c = 0; c < channels; c++) {
                normX += (double) x[c * positions + p] * x[c * positions + p];
                normY += (double) y[c * positions + p] * y[c * positions + p];
            }
            normX = Math.sqrt(normX) + EPS;
            normY = Math.sqrt(normY) + EPS;
            for (int c = 0; c < channels; c++) {
                double d = x[c * positions + p] / normX - y[c * positions + p] / normY;
                sum += w[c] * d * d;
            }
        }
        return sum / positions;
    }
}
