package dev.halftone.cli.formats;

import dev.halftone.formats.json.JsonFormatException;
import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The linears {@code halftone quantize} keeps in bf16: an explicit {@code --protect a,b,c}, or the first
 * {@code --top-k N} of a fragility ranking file, most fragile first. A ranking is a JSON array of layer names, or of
 * objects with a {@code "layer"} (or {@code "name"}) member, or an object whose {@code "ranking"} member is either.
 */
final class ProtectedLayers {
    private ProtectedLayers() {
    }

    static Set<String> resolve(List<String> explicit, Integer topK, Path ranking) throws IOException {
        if (!explicit.isEmpty() && (topK != null || ranking != null)) {
            throw new IllegalArgumentException("give either --protect or --top-k with --ranking, not both");
        }
        if (topK == null && ranking == null) {
            return new LinkedHashSet<>(explicit);
        }
        if (topK == null || ranking == null) {
            throw new IllegalArgumentException("--top-k and --ranking go together");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("--top-k must be >= 0, got " + topK);
        }
        List<String> ranked = read(ranking);
        if (topK > ranked.size()) {
            throw new IllegalArgumentException("--top-k " + topK + " but " + ranking + " ranks only " + ranked.size()
                    + " layers");
        }
        return new LinkedHashSet<>(ranked.subList(0, topK));
    }

    static List<String> read(Path ranking) throws IOException {
        JsonValue root;
        try {
            root = JsonReader.parse(Files.readAllBytes(ranking));
        } catch (JsonFormatException e) {
            throw new IllegalArgumentException(ranking + ": " + e.getMessage());
        }
        if (root instanceof JsonObject o) {
            root = o.require("ranking");
        }
        if (!(root instanceof JsonArray(List<JsonValue> elements))) {
            throw new IllegalArgumentException(ranking + ": expected an array of layers (or {\"ranking\": [...]})");
        }
        List<String> names = new ArrayList<>();
        for (JsonValue element : elements) {
            switch (element) {
                case JsonString(String s) -> names.add(s);
                case JsonObject o when o.get("layer") instanceof JsonString(String s) -> names.add(s);
                case JsonObject o when o.get("name") instanceof JsonString(String s) -> names.add(s);
                default -> throw new IllegalArgumentException(ranking + ": ranking entry " + names.size()
                        + " is neither a layer name nor an object with \"layer\"");
            }
        }
        return names;
    }
}
