package dev.halftone.engine.sampler;

/** Told after each sampling step, for progress bars and profilers that bucket by step. */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = (step, steps) -> { };

    /** Step {@code step} (0-based) of {@code steps} has finished. */
    void stepDone(int step, int steps);
}
