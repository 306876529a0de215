package dev.halftone.engine.sampler;

import dev.halftone.engine.model.DiT;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.text.TextHiddenStates;

/**
 * Euler integration of the flow-matching ODE from pure noise (σ' = 1) to the sample (σ' = 0) with classifier-free
 * guidance over two separate-weight branches: v = v_u + g·(v_c − v_u), x ← x + dt·v (docs/model.md §4), float32
 * without fused multiply-add, as the PyTorch reference computes it. Velocity buffers are allocated once.
 */
public final class FlowMatchSampler {

    private final DiT cond;
    private final DiT uncond;
    private final float[] velocityCond;
    private final float[] velocityUncond;

    public FlowMatchSampler(DiT cond, DiT uncond) {
        if (!cond.config().equals(uncond.config())) {
            throw new IllegalArgumentException("cond and uncond branches have different configs: "
                    + cond.config() + " vs " + uncond.config());
        }
        this.cond = cond;
        this.uncond = uncond;
        int size = cond.config().channels() * cond.config().imageHeight() * cond.config().imageWidth();
        this.velocityCond = new float[size];
        this.velocityUncond = new float[size];
    }

    /** Initial noise ε (C, H, W) for a seed, PhiloxNormal of docs/model.md §4.1. */
    public float[] noise(long seed) {
        var config = cond.config();
        float[] x = new float[config.channels() * config.imageHeight() * config.imageWidth()];
        PhiloxNormal.fill(seed, x);
        return x;
    }

    /**
     * Integrates x (C, H, W) in place from σ'_0 to σ'_S.
     *
     * @param condObserver   sees the conditional branch's linear inputs
     * @param uncondObserver sees the unconditional branch's linear inputs
     */
    public void sample(float[] x, TextHiddenStates prompt, TextHiddenStates empty, SigmaSchedule schedule,
                       float guidance, StepListener listener, ActivationObserver condObserver,
                       ActivationObserver uncondObserver) {
        int steps = schedule.steps();
        for (int i = 0; i < steps; i++) {
            float t = schedule.time(i);
            cond.forward(x, t, prompt, velocityCond, condObserver);
            uncond.forward(x, t, empty, velocityUncond, uncondObserver);
            float dt = schedule.delta(i);
            for (int e = 0; e < x.length; e++) {
                float v = velocityUncond[e] + guidance * (velocityCond[e] - velocityUncond[e]);
                x[e] = x[e] + dt * v;
            }
            listener.stepDone(i, steps);
        }
    }
}
