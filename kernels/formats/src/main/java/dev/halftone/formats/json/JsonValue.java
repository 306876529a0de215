package dev.halftone.formats.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable JSON value (RFC 8259). Parsed by {@link JsonReader}, printed by {@link JsonWriter}. Object members keep
 * their order; numbers keep their literal text so that 64-bit integers (safetensors offsets) are never rounded.
 */
public sealed interface JsonValue {

    /** A JSON object; member order is preserved, keys are unique. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            Objects.requireNonNull(members, "members");
            members.forEach((k, v) -> {
                Objects.requireNonNull(k, "member key");
                Objects.requireNonNull(v, () -> "value of member \"" + k + "\"");
            });
            members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** The member {@code key}, or null when absent. */
        public JsonValue get(String key) {
            return members.get(key);
        }

        /** The member {@code key}; a missing member is an error naming the key. */
        public JsonValue require(String key) {
            JsonValue value = members.get(key);
            if (value == null) {
                throw new JsonFormatException("missing member \"" + key + "\"");
            }
            return value;
        }

        public String requireString(String key) {
            if (require(key) instanceof JsonString(String s)) {
                return s;
            }
            throw new JsonFormatException("member \"" + key + "\" must be a string");
        }

        public JsonNumber requireNumber(String key) {
            if (require(key) instanceof JsonNumber n) {
                return n;
            }
            throw new JsonFormatException("member \"" + key + "\" must be a number");
        }

        public boolean requireBoolean(String key) {
            if (require(key) instanceof JsonBoolean(boolean b)) {
                return b;
            }
            throw new JsonFormatException("member \"" + key + "\" must be true or false");
        }

        public JsonObject requireObject(String key) {
            if (require(key) instanceof JsonObject o) {
                return o;
            }
            throw new JsonFormatException("member \"" + key + "\" must be an object");
        }

        public JsonArray requireArray(String key) {
            if (require(key) instanceof JsonArray a) {
                return a;
            }
            throw new JsonFormatException("member \"" + key + "\" must be an array");
        }
    }

    /** A JSON array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
        }
    }

    /** A JSON string (any Unicode text; lone surrogates are rejected by the reader). */
    record JsonString(String value) implements JsonValue {
        public JsonString {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A JSON number, kept as its literal text (RFC 8259 grammar). */
    record JsonNumber(String literal) implements JsonValue {
        public JsonNumber {
            Objects.requireNonNull(literal, "literal");
            if (!JsonReader.isNumberLiteral(literal)) {
                throw new JsonFormatException("not a JSON number literal: \"" + literal + "\"");
            }
        }

        public static JsonNumber of(long value) {
            return new JsonNumber(Long.toString(value));
        }

        /** Shortest decimal that reads back as the same double (Java's {@code Double.toString}, made JSON). */
        public static JsonNumber of(double value) {
            if (!Double.isFinite(value)) {
                throw new JsonFormatException("JSON has no literal for " + value);
            }
            return new JsonNumber(Double.toString(value).replace("E", "e"));
        }

        /** The value as a long; a fraction, exponent or out-of-range value is an error. */
        public long longValueExact() {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                throw new JsonFormatException("number " + literal + " is not an integer in the 64-bit range");
            }
        }

        /** The value rounded to the nearest double (Java's decimal-to-binary conversion, round to nearest even). */
        public double doubleValue() {
            return Double.parseDouble(literal);
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {
    }

    /** {@code null}. */
    record JsonNull() implements JsonValue {
        public static final JsonNull INSTANCE = new JsonNull();
    }
}
