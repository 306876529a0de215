package dev.halftone.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The example payloads shipped in {@code examples/<schema name>.json}, one per event type. */
final class Examples {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Examples() {
    }

    static String resource(EventType type) {
        return type.schemaResource().replace("schemas/", "examples/").replace(".v1.json", ".json");
    }

    static JsonNode tree(EventType type) {
        try (var in = Examples.class.getClassLoader().getResourceAsStream(resource(type))) {
            if (in == null) {
                throw new IllegalStateException("missing example " + resource(type));
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
