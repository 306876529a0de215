package dev.halftone.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** A variant's weight format, spelled on the wire as in {@code types.v1.json#/$defs/format}. */
public enum VariantFormat {
    FP8_REFERENCE("fp8-reference"),
    BF16("bf16"),
    INT8_W8A8("int8-w8a8"),
    NF4("nf4"),
    GGUF_Q8_0("gguf-q8_0"),
    GGUF_Q4_K("gguf-q4_k"),
    GGUF_Q4_K_M("gguf-q4_k_m");

    private final String wireName;

    VariantFormat(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses the wire name; the error lists the accepted names. */
    public static VariantFormat fromWireName(String name) {
        for (var format : values()) {
            if (format.wireName.equals(name)) {
                return format;
            }
        }
        var accepted = new StringBuilder();
        for (var format : values()) {
            accepted.append(accepted.isEmpty() ? "" : ", ").append(format.wireName);
        }
        throw new IllegalArgumentException("unknown format '" + name + "', use one of: " + accepted);
    }
}
