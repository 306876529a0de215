package dev.halftone.formats.json;

/** Text that is not the JSON the caller asked for; the message names the member or the character offset. */
public final class JsonFormatException extends IllegalArgumentException {
    public JsonFormatException(String message) {
        super(message);
    }
}
