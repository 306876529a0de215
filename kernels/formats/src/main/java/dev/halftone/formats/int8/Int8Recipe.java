package dev.halftone.formats.int8;

import dev.halftone.formats.json.JsonFormatException;
import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;
import dev.halftone.formats.json.JsonWriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an INT8 W8A8 checkpoint was made, stored as JSON under {@link #METADATA_KEY} in its {@code __metadata__}: the
 * SmoothQuant α, the linears kept in bf16 and where the activation statistics came from.
 *
 * @param smoothQuant false for naive W8A8: smoothing vectors of ones (written before this field existed: true)
 * @param alpha       SmoothQuant migration strength in [0, 1] (unused when {@code smoothQuant} is false)
 * @param protectedLayers linear names (without {@code .weight}) kept in bf16, not quantized
 * @param calibration free-form provenance: profile file, prompts, steps, seed… (string values)
 * @param source      the reference checkpoint quantized from
 */
public record Int8Recipe(boolean smoothQuant, float alpha, List<String> protectedLayers, Map<String, String> calibration, String source) {
    public static final String METADATA_KEY = "halftone.recipe";
    public static final String FORMAT = "halftone-int8-w8a8";
    public static final int VERSION = 1;

    public Int8Recipe {
        if (!(alpha >= 0f && alpha <= 1f)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        protectedLayers = List.copyOf(protectedLayers);
        calibration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(calibration));
        Objects.requireNonNull(source, "source");
    }

    public String toJson() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("format", new JsonString(FORMAT));
        m.put("version", JsonNumber.of(VERSION));
        m.put("smooth_quant", new JsonValue.JsonBoolean(smoothQuant));
        m.put("alpha", JsonNumber.of((double) alpha));
        m.put("weights", new JsonString("int8 per output channel, scale = max(max|row|, 1e-5)/127, round half to even"));
        m.put("activations", new JsonString("int8 per token, dynamic, scale = max(max|x|, 1e-5)/127, round half to even, after x / smooth_scale"));
        m.put("protected", new JsonArray(protectedLayers.stream().map(s -> (JsonValue) new JsonString(s)).toList()));
        Map<String, JsonValue> cal = new LinkedHashMap<>();
        calibration.forEach((k, v) -> cal.put(k, new JsonString(v)));
        m.put("calibration", new JsonObject(cal));
        m.put("source", new JsonString(source));
        return JsonWriter.write(new JsonObject(m));
    }

    /** Parses a recipe; errors name the member. */
    public static Int8Recipe fromJson(String json) {
        JsonObject o;
        try {
            o = (JsonObject) JsonReader.parse(json);
        } catch (ClassCastException e) {
            throw new JsonFormatException("recipe must be a JSON object");
        }
        if (!FORMAT.equals(o.requireString("format"))) {
            throw new JsonFormatException("member \"format\" must be \"" + FORMAT + "\"");
        }
        if (o.requireNumber("version").longValueExact() != VERSION) {
            throw new JsonFormatException("member \"version\" must be " + VERSION);
        }
        List<String> protectedLayers = o.requireArray("protected").elements().stream().map(v -> {
            if (v instanceof JsonString(String s)) {
                return s;
            }
            throw new JsonFormatException("member \"protected\" must hold strings");
        }).toList();
        Map<String, String> calibration = new LinkedHashMap<>();
        o.requireObject("calibration").members().forEach((k, v) -> {
            if (!(v instanceof JsonString(String s))) {
                throw new JsonFormatException("member \"calibration." + k + "\" must be a string");
            }
            calibration.put(k, s);
        });
        // recipes written before naive W8A8 existed have no smooth_quant member: they were all smoothed
        boolean smoothQuant = o.get("smooth_quant") == null || o.requireBoolean("smooth_quant");
        return new Int8Recipe(smoothQuant, (float) o.requireNumber("alpha").doubleValue(), protectedLayers, calibration,
                o.requireString("source"));
    }
}
