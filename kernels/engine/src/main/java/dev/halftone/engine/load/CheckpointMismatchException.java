package dev.halftone.engine.load;

/** A checkpoint that does not match its config, thrown at load (before any sampling), naming the tensor. */
public final class CheckpointMismatchException extends IllegalArgumentException {

    private final String tensor;

    public CheckpointMismatchException(String tensor, String problem) {
        super("tensor \"" + tensor + "\" " + problem);
        this.tensor = tensor;
    }

    /** The tensor the problem is about. */
    public String tensor() {
        return tensor;
    }
}
