package dev.halftone.engine.model;

import dev.halftone.engine.linear.LinearBackend;

/**
 * The weights of one block {@code layers.{i}}: six linears and four norm weights (docs/model.md §3).
 *
 * @param attentionNorm (D)
 * @param qNorm         (hd), shared by the heads
 * @param kNorm         (hd)
 * @param ffnNorm       (D)
 */
public record BlockWeights(
        LinearBackend adalnModulation,
        float[] attentionNorm,
        LinearBackend qkv,
        float[] qNorm,
        float[] kNorm,
        LinearBackend o,
        float[] ffnNorm,
        LinearBackend w1,
        LinearBackend w2,
        LinearBackend w3) {
}
