package dev.halftone.evaluation.report;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every score of one generated image: which variant made it from which prompt and seed, and the metric values that
 * were measured (a metric that was not measured is absent, never zero).
 *
 * @param image the PNG on disk, for the report's image grid; empty when not kept
 */
public record ImageScores(String variant, String promptId, String category, long seed, Optional<Path> image,
                          Map<Metric, Double> values) {

    public ImageScores {
        if (variant == null || variant.isBlank() || promptId == null || promptId.isBlank()) {
            throw new IllegalArgumentException("image scores need a variant and a prompt id");
        }
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("image scores of prompt " + promptId + " need a category");
        }
        for (Map.Entry<Metric, Double> entry : values.entrySet()) {
            if (entry.getValue() == null || Double.isNaN(entry.getValue())) {
                throw new IllegalArgumentException("variant " + variant + ", prompt " + promptId + ": "
                        + entry.getKey().label() + " is not a number");
            }
        }
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
    }

    public Optional<Double> value(Metric metric) {
        return Optional.ofNullable(values.get(metric));
    }

    /** Identifies the generation the variants share: same prompt, same seed. */
    public String pairKey() {
        return promptId + "#" + seed;
    }
}
