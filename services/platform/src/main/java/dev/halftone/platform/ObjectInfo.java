package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;

import java.util.Objects;

/** A stored object's location and size in bytes. */
public record ObjectInfo(ObjectLocation location, long size) {
    public ObjectInfo {
        Objects.requireNonNull(location, "location");
        if (size < 0) {
            throw new IllegalArgumentException("size is " + size + ", must be non-negative");
        }
    }
}
