package dev.halftone.formats.gguf;

import java.io.IOException;

/** A GGUF file that breaks the format; {@link #field()} names the offending field. */
public final class GgufFormatException extends IOException {
    private final String field;

    public GgufFormatException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The field at fault, e.g. {@code tensor_count}, {@code kv "general.alignment"}, {@code tensor "w".offset}. */
    public String field() {
        return field;
    }
}
