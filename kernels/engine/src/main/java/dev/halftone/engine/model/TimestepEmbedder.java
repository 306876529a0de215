package dev.halftone.engine.model;

import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.simd.VectorMath;

/**
 * Embeds the flow time t: sinusoidal frequencies, then {@code t_embedding.linear_2(silu(t_embedding.linear_1(·)))}
 * (docs/model.md §3; DiT's TimestepEmbedder with cos before sin).
 */
final class TimestepEmbedder {

    private final Linear linear1;
    private final Linear linear2;
    private final float[] frequencies;
    private final float[] hidden;

    TimestepEmbedder(Linear linear1, Linear linear2, int frequencySize, int hiddenSize) {
        this.linear1 = linear1;
        this.linear2 = linear2;
        this.frequencies = new float[frequencySize];
        this.hidden = new float[hiddenSize];
    }

    /** temb (D) for time t. */
    void forward(float t, float[] temb, ActivationObserver observer) {
        int half = frequencies.length / 2;
        for (int k = 0; k < half; k++) {
            // float64 angles, rounded after cos/sin (docs/model.md §3)
            double angle = 1000.0 * t * StrictMath.exp(-StrictMath.log(10000.0) * k / half);
            frequencies[k] = (float) StrictMath.cos(angle);
            frequencies[half + k] = (float) StrictMath.sin(angle);
        }
        linear1.apply(frequencies, 1, hidden, observer);         // (D)
        VectorMath.siluInPlace(hidden, 0, hidden.length);
        linear2.apply(hidden, 1, temb, observer);                // (D)
    }
}
