package dev.halftone.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A pipeline stage of a job, in pipeline order. */
public enum Stage {
    PROFILE, QUANTIZE, GENERATE, SCORE, REPORT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
