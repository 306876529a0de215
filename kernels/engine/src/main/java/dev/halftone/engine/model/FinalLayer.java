package dev.halftone.engine.model;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.profile.ActivationObserver;

/**
 * The output head: weightless RMSNorm of the image tokens, adaLN modulation, projection to patch pixels
 * ({@code final_layer.*}, docs/model.md §3; DiT's FinalLayer).
 */
final class FinalLayer {

    private final int d;
    private final float eps;
    private final Linear adalnModulation;
    private final Linear linear;
    private final float[] modulation;
    private final WorkerPool pool;

    FinalLayer(DiTConfig config, Linear adalnModulation, Linear linear, WorkerPool pool) {
        this.d = config.hiddenSize();
        this.eps = (float) config.normEps();
        this.adalnModulation = adalnModulation;
        this.linear = linear;
        this.modulation = new float[2 * d];
        this.pool = pool;
    }

    /** Writes the patch outputs (N, 3p²) of the image tokens h[T, T+N) into b.patches. */
    void forward(ActivationBuffers b, int textTokens, int imageTokens, ActivationObserver observer) {
        adalnModulation.apply(b.siluC, 1, modulation, observer);     // (2D): shift, scale
        // image rows of h start at row T; normModulate reads them through a view offset by copying into normed
        System.arraycopy(b.h, textTokens * d, b.branch, 0, imageTokens * d);                   // h_img (N, D)
        DiTBlock.normModulate(b.branch, imageTokens, d, null, eps, modulation, 0, d, b.normed, pool);  // (N, D)
        linear.apply(b.normed, imageTokens, b.patches, observer);    // (N, 3p²)
    }
}
