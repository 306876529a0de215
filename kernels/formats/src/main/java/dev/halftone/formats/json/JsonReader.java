package dev.halftone.formats.json;

import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonBoolean;
import dev.halftone.formats.json.JsonValue.JsonNull;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict RFC 8259 parser: one value and nothing else but whitespace, no comments, no trailing commas, no leading
 * zeros, no raw control characters or lone surrogates in strings, no duplicate object keys, nesting at most
 * {@link #MAX_DEPTH}. Errors are {@link JsonFormatException}s naming the character offset.
 */
public final class JsonReader {
    /** Deepest nesting accepted; bounds the parser's recursion on hostile input. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Parses a complete JSON text. */
    public static JsonValue parse(String text) {
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        JsonValue value = reader.readValue(0);
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** Parses JSON from UTF-8 bytes; malformed UTF-8 is an error. */
    public static JsonValue parse(byte[] utf8) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
            return parse(text);
        } catch (CharacterCodingException e) {
            throw new JsonFormatException("JSON text is not valid UTF-8");
        }
    }

    static boolean isNumberLiteral(String s) {
        JsonReader reader = new JsonReader(s);
        try {
            reader.scanNumber();
            return reader.pos == s.length();
        } catch (JsonFormatException e) {
            return false;
        }
    }

    private JsonValue readValue(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of JSON text");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> readObject(depth + 1);
            case '[' -> readArray(depth + 1);
            case '"' -> new JsonString(readString());
            case 't' -> literal("true", new JsonBoolean(true));
            case 'f' -> literal("false", new JsonBoolean(false));
            case 'n' -> literal("null", JsonNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield new JsonNumber(scanNumber());
                }
                throw error("unexpected character '" + printable(c) + "'");
            }
        };
    }

    private JsonObject readObject(int depth) {
        checkDepth(depth);
        pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue value = readValue(depth);
            if (members.putIfAbsent(key, value) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return new JsonObject(members);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private JsonArray readArray(int depth) {
        checkDepth(depth);
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(readValue(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return new JsonArray(elements);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String readString() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("raw control character in string");
            }
            if (c == '\\') {
                c = readEscape();
            }
            if (Character.isHighSurrogate(c)) {
                out.append(c);
                char low = readLowSurrogate();
                out.append(low);
            } else if (Character.isLowSurrogate(c)) {
                pos--;
                throw error("lone low surrogate in string");
            } else {
                out.append(c);
            }
        }
    }

    private char readLowSurrogate() {
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '\\') {
            c = readEscape();
        }
        if (!Character.isLowSurrogate(c)) {
            pos--;
            throw error("high surrogate not followed by a low surrogate");
        }
        return c;
    }

    private char readEscape() {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw error("truncated \\u escape");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(text.charAt(pos + i), 16);
                    if (digit < 0 || text.charAt(pos + i) > 'f') {
                        throw error("bad hex digit in \\u escape");
                    }
                    code = code * 16 + digit;
                }
                pos += 4;
                yield (char) code;
            }
            default -> {
                pos--;
                throw error("unknown escape '\\" + printable(e) + "'");
            }
        };
    }

    /** Consumes one number literal and returns its text. */
    private String scanNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char c = peek();
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            skipDigits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            skipDigits();
        }
        return text.substring(start, pos);
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character '" + printable(text.charAt(pos)) + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The current character, or NUL at the end (NUL never occurs legally outside strings). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private JsonFormatException error(String what) {
        return new JsonFormatException(what + " at offset " + pos);
    }
}
