package dev.halftone.engine.load;

import dev.halftone.engine.linear.LinearBackend;

/**
 * One branch checkpoint file seen by tensor name, whatever its container. Every method checks what it reads and
 * throws {@link CheckpointMismatchException} naming the tensor.
 */
interface BranchCheckpoint extends AutoCloseable {

    /** The backend of linear {@code name} ({@code name.weight}, {@code name.bias}, scales), format from the file. */
    LinearBackend linear(String name, int out, int in);

    /** A float32 vector (norm weight) of the given length. */
    float[] vector(String name, int length);

    /** Fails naming the first tensor nobody asked for. */
    void requireAllUsed();

    @Override
    void close();
}
