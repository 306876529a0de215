package dev.halftone.engine.profile;

import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;
import dev.halftone.formats.json.JsonWriter;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one branch's profile as the quantizer reads it (docs/engine.md, "Activation profile"):
 * {@code <stem>.safetensors} with an F32 tensor {@code <linear>.input_channel_max} (in_features) per linear, and
 * {@code <stem>.json} with per layer per step max_abs, std, kurtosis, the fragility score, the ranking and the
 * early/late Spearman correlation.
 */
public final class ActivationProfileWriter {

    private ActivationProfileWriter() {
    }

    public static void write(BranchActivationProfile profile, Path directory, String stem, Map<String, String> about)
            throws IOException {
        Files.createDirectories(directory);
        List<String> names = profile.layerNames();
        List<TensorSpec> specs = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            specs.add(TensorSpec.of(names.get(l) + ".input_channel_max", SafetensorsDtype.F32,
                    profile.channelMax(l).length));
        }
        try (SafetensorsWriter writer = SafetensorsWriter.create(directory.resolve(stem + ".safetensors"), specs,
                about)) {
            for (int l = 0; l < names.size(); l++) {
                writer.write(specs.get(l).name(), MemorySegment.ofArray(profile.channelMax(l)));
            }
        }
        Files.writeString(directory.resolve(stem + ".json"), JsonWriter.write(toJson(profile, about)) + "\n",
                StandardCharsets.UTF_8);
    }

    static JsonObject toJson(BranchActivationProfile profile, Map<String, String> about) {
        List<String> names = profile.layerNames();
        double[] scores = profile.fragilityScores(0, profile.steps());
        List<JsonValue> layers = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            List<JsonValue> steps = new ArrayList<>();
            for (int s = 0; s < profile.steps(); s++) {
                StreamingMoments m = profile.moments(l, s);
                Map<String, JsonValue> step = new LinkedHashMap<>();
                step.put("step", JsonNumber.of(s));
                step.put("max_abs", number(m.maxAbs()));
                step.put("std", number(m.std()));
                step.put("kurtosis", number(m.kurtosis()));
                steps.add(new JsonObject(step));
            }
            Map<String, JsonValue> layer = new LinkedHashMap<>();
            layer.put("name", new JsonString(names.get(l)));
            layer.put("fragility", number(scores[l]));
            layer.put("steps", new JsonArray(steps));
            layers.add(new JsonObject(layer));
        }
        Map<String, JsonValue> root = new LinkedHashMap<>();
        about.forEach((k, v) -> root.put(k, new JsonString(v)));
        root.put("steps", JsonNumber.of(profile.steps()));
        root.put("kurtosis_definition", new JsonString("Pearson n*M4/M2^2 (normal = 3)"));
        root.put("fragility_definition", new JsonString("mean over steps of kurtosis * max over steps of max_abs"));
        root.put("fragility_ranking", new JsonArray(profile.fragilityRanking().stream()
                .map(n -> (JsonValue) new JsonString(n)).toList()));
        double rho = profile.earlyLateSpearman();
        root.put("spearman_early_late", Double.isNaN(rho) ? JsonValue.JsonNull.INSTANCE : number(rho));
        root.put("layers", new JsonArray(layers));
        return new JsonObject(root);
    }

    private static JsonValue number(double value) {
        return Double.isFinite(value) ? JsonNumber.of(value) : JsonValue.JsonNull.INSTANCE;
    }
}
