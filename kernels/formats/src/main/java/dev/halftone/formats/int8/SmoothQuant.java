package dev.halftone.formats.int8;

/**
 * SmoothQuant's per-input-channel smoothing (Xiao et al. 2023; mit-han-lab/smoothquant smooth.py
 * {@code smooth_ln_fcs}): s_j = max|X_j|^α / max|W_j|^(1−α), where max|W_j| is the column abs-max over the consuming
 * weight(s), clamped to at least 1e-5, and s itself is clamped to at least 1e-5. Activations are divided by s and
 * weights multiplied by it (y = (x / s) · (W · diag(s))ᵀ, unchanged in exact arithmetic), migrating activation
 * outliers into the weights. Powers are computed in double and rounded once to fp32; the folds are fp32 multiplies
 * (weights) and divisions (activations), round to nearest even.
 */
public final class SmoothQuant {
    /** SmoothQuant's code default; the paper's recipe uses 0.5 for this DiT too. */
    public static final float DEFAULT_ALPHA = 0.5f;
    /** The clamp smooth.py applies to the weight maxima and to the scales. */
    public static final float MIN_VALUE = 1e-5f;

    private SmoothQuant() {
    }

    /**
     * The smoothing vector for a weight {@code w} (out, in) fed by activations whose per-input-channel max|x| is
     * {@code activationMax} (length in).
     */
    public static float[] smoothingVector(float[] activationMax, float[] w, int outFeatures, int inFeatures,
            float alpha) {
        if (!(alpha >= 0f && alpha <= 1f)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        if (activationMax.length != inFeatures || (long) outFeatures * inFeatures != w.length) {
            throw new IllegalArgumentException("activation maxima must have one value per input feature ("
                    + inFeatures + "), has " + activationMax.length);
        }
        float[] weightMax = new float[inFeatures];
        for (int o = 0; o < outFeatures; o++) {
            for (int j = 0; j < inFeatures; j++) {
                weightMax[j] = Math.max(weightMax[j], Math.abs(w[o * inFeatures + j]));
            }
        }
        float[] s = new float[inFeatures];
        for (int j = 0; j < inFeatures; j++) {
            float a = activationMax[j];
            if (!(a >= 0f) || Float.isInfinite(a)) {
                throw new IllegalArgumentException("input_channel_max[" + j + "] must be finite and >= 0, got " + a);
            }
            double wj = Math.max(weightMax[j], MIN_VALUE);
            float value = (float) (Math.pow(a, alpha) / Math.pow(wj, 1.0 - alpha));
            s[j] = Math.max(value, MIN_VALUE);
        }
        return s;
    }

    /** W · diag(s): multiplies column j of {@code w} (out, in) by s_j, in place. */
    public static void foldIntoWeight(float[] w, int outFeatures, int inFeatures, float[] s) {
        for (int o = 0; o < outFeatures; o++) {
            for (int j = 0; j < inFeatures; j++) {
                w[o * inFeatures + j] *= s[j];
            }
        }
    }

    /** x / s for one token's activations, in place (what an engine does online before quantizing x). */
    public static void smoothActivations(float[] x, int offset, float[] s) {
        for (int j = 0; j < s.length; j++) {
            x[offset + j] /= s[j];
        }
    }
}
