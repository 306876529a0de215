package dev.halftone.engine.model;

/** rmsnorm(x, w) = x / sqrt(mean(x²) + eps) · w over rows of width d (docs/model.md §3), float32 throughout. */
final class RmsNorm {

    private RmsNorm() {
    }

    /**
     * out[o + j] = x[i + j] · inv · w[j] for j < d, inv = 1 / sqrt(Σx²/d + eps); weight null for none.
     * Computed as PyTorch does: x · rsqrt(mean + eps), then · w.
     */
    static void row(float[] x, int xAt, float[] weight, float eps, int d, float[] out, int outAt) {
        float sum = 0f;
        for (int j = 0; j < d; j++) {
            float v = x[xAt + j];
            sum += v * v;
        }
        float inv = 1f / (float) Math.sqrt(sum / d + eps);
        if (weight == null) {
            for (int j = 0; j < d; j++) {
                out[outAt + j] = x[xAt + j] * inv;
            }
        } else {
            for (int j = 0; j < d; j++) {
                out[outAt + j] = x[xAt + j] * inv * weight[j];
            }
        }
    }
}
