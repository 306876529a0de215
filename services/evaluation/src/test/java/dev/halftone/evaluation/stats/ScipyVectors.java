package dev.halftone.evaluation.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.StreamSupport;

/** The SciPy outputs committed in reference/stats/scipy-stats.json (made by src/test/python/stats_reference.py). */
final class ScipyVectors {

    static final JsonNode ROOT = read();

    private ScipyVectors() {
    }

    static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    private static JsonNode read() {
        try (InputStream in = ScipyVectors.class.getResourceAsStream("/reference/stats/scipy-stats.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
