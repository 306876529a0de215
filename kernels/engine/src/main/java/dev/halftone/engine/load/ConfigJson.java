package dev.halftone.engine.load;

import dev.halftone.engine.model.DiTConfig;
import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonWriter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads and writes {@code config.json} (docs/model.md §1); every key is required, unknown keys are errors. */
public final class ConfigJson {

    private static final Set<String> KEYS = Set.of("name", "image_height", "image_width", "channels", "patch_size",
            "hidden_size", "num_layers", "num_heads", "ffn_hidden_size", "text_hidden_size", "text_max_tokens",
            "timestep_embedding_size", "rope_theta", "norm_eps", "default_guidance", "base_shift", "max_shift");

    private ConfigJson() {
    }

    public static DiTConfig parse(byte[] utf8) {
        if (!(JsonReader.parse(utf8) instanceof JsonObject o)) {
            throw new IllegalArgumentException("config.json must be a JSON object");
        }
        for (String key : o.members().keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("config.json has unknown key \"" + key + "\"");
            }
        }
        return new DiTConfig(o.requireString("name"), integer(o, "image_height"), integer(o, "image_width"),
                integer(o, "channels"), integer(o, "patch_size"), integer(o, "hidden_size"),
                integer(o, "num_layers"), integer(o, "num_heads"), integer(o, "ffn_hidden_size"),
                integer(o, "text_hidden_size"), integer(o, "text_max_tokens"),
                integer(o, "timestep_embedding_size"), o.requireNumber("rope_theta").doubleValue(),
                o.requireNumber("norm_eps").doubleValue(), o.requireNumber("default_guidance").doubleValue(),
                o.requireNumber("base_shift").doubleValue(), o.requireNumber("max_shift").doubleValue());
    }

    private static int integer(JsonObject o, String key) {
        long value = o.requireNumber(key).longValueExact();
        if (value != (int) value) {
            throw new IllegalArgumentException("config.json " + key + " = " + value + " is out of range");
        }
        return (int) value;
    }

    public static String write(DiTConfig c) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", new JsonValue.JsonString(c.name()));
        m.put("image_height", JsonValue.JsonNumber.of(c.imageHeight()));
        m.put("image_width", JsonValue.JsonNumber.of(c.imageWidth()));
        m.put("channels", JsonValue.JsonNumber.of(c.channels()));
        m.put("patch_size", JsonValue.JsonNumber.of(c.patchSize()));
        m.put("hidden_size", JsonValue.JsonNumber.of(c.hiddenSize()));
        m.put("num_layers", JsonValue.JsonNumber.of(c.numLayers()));
        m.put("num_heads", JsonValue.JsonNumber.of(c.numHeads()));
        m.put("ffn_hidden_size", JsonValue.JsonNumber.of(c.ffnHiddenSize()));
        m.put("text_hidden_size", JsonValue.JsonNumber.of(c.textHiddenSize()));
        m.put("text_max_tokens", JsonValue.JsonNumber.of(c.textMaxTokens()));
        m.put("timestep_embedding_size", JsonValue.JsonNumber.of(c.timestepEmbeddingSize()));
        m.put("rope_theta", JsonValue.JsonNumber.of(c.ropeTheta()));
        m.put("norm_eps", JsonValue.JsonNumber.of(c.normEps()));
        m.put("default_guidance", JsonValue.JsonNumber.of(c.defaultGuidance()));
        m.put("base_shift", JsonValue.JsonNumber.of(c.baseShift()));
        m.put("max_shift", JsonValue.JsonNumber.of(c.maxShift()));
        return JsonWriter.write(new JsonObject(m));
    }
}
