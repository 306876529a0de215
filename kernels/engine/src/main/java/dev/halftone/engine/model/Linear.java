package dev.halftone.engine.model;

import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.profile.ActivationObserver;

/** A linear layer of the branch: its backend plus its index in the branch's fixed layer order, for profiling. */
record Linear(LinearBackend backend, int index) {

    /** out = backend(in) for rows rows, after showing the input to the observer. */
    void apply(float[] in, int rows, float[] out, ActivationObserver observer) {
        observer.observe(index, in, rows, backend.inFeatures());
        backend.forward(in, rows, out);
    }
}
