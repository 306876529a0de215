package dev.halftone.formats.safetensors;

import java.io.IOException;

/** A safetensors file that breaks the format; {@link #field()} names the offending part of the file. */
public final class SafetensorsFormatException extends IOException {
    private final String field;

    public SafetensorsFormatException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The header field or file region at fault, e.g. {@code header length} or {@code tensor "w".data_offsets}. */
    public String field() {
        return field;
    }
}
