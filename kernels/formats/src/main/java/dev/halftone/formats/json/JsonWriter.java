package dev.halftone.formats.json;

import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonBoolean;
import dev.halftone.formats.json.JsonValue.JsonNull;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;

import java.util.Iterator;
import java.util.Map;

/**
 * Prints a {@link JsonValue} as compact JSON (no whitespace), members in their stored order. Strings escape only what
 * RFC 8259 requires ({@code "}, {@code \}, control characters); other characters are written as they are.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonValue value) {
        switch (value) {
            case JsonObject o -> {
                out.append('{');
                Iterator<Map.Entry<String, JsonValue>> it = o.members().entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonValue> member = it.next();
                    appendString(out, member.getKey());
                    out.append(':');
                    append(out, member.getValue());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            case JsonArray a -> {
                out.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, a.elements().get(i));
                }
                out.append(']');
            }
            case JsonString(String s) -> appendString(out, s);
            case JsonNumber(String literal) -> out.append(literal);
            case JsonBoolean(boolean b) -> out.append(b);
            case JsonNull n -> out.append("null");
        }
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
