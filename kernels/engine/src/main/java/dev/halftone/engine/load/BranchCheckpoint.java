package dev.halftone.engine.load;

import dev.halftone.engine.linear.LinearBackend;

/**
 * One branch checkpoint file seen by tensor name, whatever its container. Every method checks what it reads and
 * throws {@link CheckpointMismatchException} naming the tensor.
 */
interface BranchCheckpoint extends AutoCloseable {

    /** What the file stores for linear {@code name} ({@code name.weight}, {@code name.bias}, scales), checked. */
    StoredLinear linear(String name, int out, int in);

    /** The CPU backend of a linear this checkpoint read, decoding what is still encoded. */
    LinearBackend cpuBackend(StoredLinear linear);

    /**
     * Checks that a linear kept encoded for a placement decodes to finite values, as {@link #cpuBackend} checks
     * while it decodes; everything else was checked by {@link #linear}.
     */
    void requireFinite(StoredLinear linear);

    /** A float32 vector (norm weight) of the given length. */
    float[] vector(String name, int length);

    /** Fails naming the first tensor nobody asked for. */
    void requireAllUsed();

    @Override
    void close();
}
