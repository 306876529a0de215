package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;

/** The object (or its bucket) does not exist. */
public final class MissingObjectException extends RuntimeException {
    public MissingObjectException(ObjectLocation location) {
        super(location.uri() + " does not exist");
    }
}
