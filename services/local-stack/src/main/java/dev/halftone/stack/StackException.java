package dev.halftone.stack;

/** A local-stack failure whose message is one line naming the problem and the fix (a port, a log file, a command). */
public final class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
