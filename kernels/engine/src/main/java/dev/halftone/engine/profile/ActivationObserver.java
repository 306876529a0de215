package dev.halftone.engine.profile;

/**
 * Sees the input of every linear just before it runs. The engine calls it with {@link #NONE} when profiling is off,
 * whose empty body the JIT inlines away.
 */
public interface ActivationObserver {

    ActivationObserver NONE = (layer, input, rows, width) -> { };

    /**
     * @param layer index of the linear in the branch's fixed order ({@code BranchWeights.linearNames()})
     * @param input rows × width row-major, valid only during the call
     */
    void observe(int layer, float[] input, int rows, int width);
}
