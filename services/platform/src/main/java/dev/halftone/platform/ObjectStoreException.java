package dev.halftone.platform;

/** The object store failed or could not be reached; the message names the operation, the location and the endpoint. */
public final class ObjectStoreException extends RuntimeException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
