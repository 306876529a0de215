package dev.halftone.schemas;

import java.util.List;

/** An event that breaks its schema or its record's rules; the message is one line naming the type and the paths. */
public final class InvalidEventException extends RuntimeException {
    private final List<SchemaViolation> violations;

    public InvalidEventException(EventType type, List<SchemaViolation> violations) {
        super("invalid " + type.ceType() + ": " + String.join("; ", violations.stream().map(SchemaViolation::toString).toList()));
        this.violations = List.copyOf(violations);
    }

    public InvalidEventException(EventType type, String reason, Throwable cause) {
        super("invalid " + type.ceType() + ": " + reason, cause);
        this.violations = List.of(new SchemaViolation("$", reason));
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
