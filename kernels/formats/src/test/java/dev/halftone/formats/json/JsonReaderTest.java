package dev.halftone.formats.json;

import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReaderTest {

    @Test
    void readsNestedValuesKeepingOrderAndExactIntegers() {
        JsonObject o = (JsonObject) JsonReader.parse(
                " {\"b\": [1, -0.5e3, true, null, {}], \"a\": \"x\\u00e9\\ud83d\\ude00\\n\", \"big\": 18446744073709551615,"
                        + " \"off\": 9007199254740993}\r\n");
        assertEquals(List.of("b", "a", "big", "off"), List.copyOf(o.members().keySet()));
        assertEquals("x\u00e9\ud83d\ude00\n", o.requireString("a"));
        assertEquals(9007199254740993L, o.requireNumber("off").longValueExact(), "no detour through double");
        assertEquals(-500.0, ((JsonNumber) o.requireArray("b").elements().get(1)).doubleValue());
        JsonFormatException tooBig = assertThrows(JsonFormatException.class, () -> o.requireNumber("big").longValueExact());
        assertTrue(tooBig.getMessage().contains("18446744073709551615"));
        JsonFormatException missing = assertThrows(JsonFormatException.class, () -> o.requireString("nope"));
        assertTrue(missing.getMessage().contains("\"nope\""));
        assertThrows(JsonFormatException.class, () -> o.requireString("b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1,]", "01", "-", "1.", "1e", ".5", "+1", "{\"a\" 1}", "{'a':1}",
            "[1] x", "\"\\x\"", "\"a\u0001\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800x\"", "tru", "nul", "[", "{\"a\":1 \"b\":2}",
            "{\"a\":1,\"a\":2}", "/*c*/1", "NaN", "Infinity", "\"\\u12G4\"", "\"unterminated", "1 2", "\u00a01"})
    void rejectsMalformedText(String text) {
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> JsonReader.parse(text));
        assertTrue(e.getMessage().contains("offset") || e.getMessage().contains("number"), e.getMessage());
    }

    @Test
    void limitsNesting() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertThrows(JsonFormatException.class, () -> JsonReader.parse(deep));
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        JsonReader.parse(ok);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bad = {'"', (byte) 0xc3, '"'};
        assertThrows(JsonFormatException.class, () -> JsonReader.parse(bad));
        assertEquals(new JsonString("\u00e9"), JsonReader.parse("\"\u00e9\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writerOutputReadsBackEqual() {
        JsonValue value = JsonReader.parse("{\"k\\\"\":[\"\\u0001\\t\\\\/\",1.5e-3,-0,false,null,{\"n\":[]}]}");
        String written = JsonWriter.write(value);
        assertEquals(value, JsonReader.parse(written));
        assertEquals("{\"k\\\"\":[\"\\u0001\\t\\\\/\",1.5e-3,-0,false,null,{\"n\":[]}]}", written);
        assertEquals(new JsonArray(List.of(JsonNumber.of(0.1), JsonNumber.of(1e300))), JsonReader.parse("[0.1,1.0e300]"));
        assertThrows(JsonFormatException.class, () -> JsonNumber.of(Double.NaN));
        assertThrows(JsonFormatException.class, () -> new JsonNumber("1e"));
    }
}
