package dev.halftone.schemas;

import java.util.Objects;

/** One reason a JSON document breaks its schema: the JSON path of the offending value (e.g. {@code $.seeds[3]}) and why. */
public record SchemaViolation(String path, String message) {
    public SchemaViolation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
