package dev.halftone.engine.load;

import dev.halftone.engine.linear.LinearBackend;

import java.util.Optional;

/**
 * Where each linear of a branch runs, asked by {@link BranchLoader} once per layer with what the checkpoint stores
 * for it: a backend of the placement's own (the CUDA library's, kernels/cuda), or empty for the CPU backend the
 * format implies, which the loader then builds exactly as without a placement. A placement that creates resources
 * (device memory) owns them and releases them when its caller closes it with the loaded branches.
 */
@FunctionalInterface
public interface LinearPlacement {

    /** Every linear on the CPU: the engine's behaviour without a placement. */
    LinearPlacement CPU = (linear, maxRows) -> Optional.empty();

    /**
     * A backend serving {@code linear} for forwards of up to {@code maxRows} rows (the longest sequence the engine
     * runs: text plus image tokens), or empty to keep the layer on the CPU. Reads the stored arrays during the call
     * only.
     */
    Optional<LinearBackend> place(StoredLinear linear, int maxRows);
}
