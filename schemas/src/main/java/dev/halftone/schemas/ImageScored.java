package dev.halftone.schemas;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** {@code dev.halftone.image.scored.v1}: metric name to value for one image (e.g. ocrAccuracy, lpipsToReference). */
public record ImageScored(String jobId, String taskId, String variant, String promptSet, int promptIndex, long seed,
                          ObjectLocation image, Map<String, Double> metrics) implements JobEvent {
    public ImageScored {
        matches("jobId", jobId, ContractBounds.JOB_ID);
        matches("taskId", taskId, ContractBounds.TASK_ID);
        matches("variant", variant, ContractBounds.NAME);
        matches("promptSet", promptSet, ContractBounds.NAME);
        range("promptIndex", promptIndex, 0, ContractBounds.MAX_PROMPTS_PER_SET - 1);
        range("seed", seed, 0, Long.MAX_VALUE);
        present("image", image);
        present("metrics", metrics);
        if (metrics.isEmpty() || metrics.size() > ContractBounds.MAX_METRICS) {
            throw new IllegalArgumentException("metrics has " + metrics.size() + " entries, must have 1 to " + ContractBounds.MAX_METRICS);
        }
        for (var metric : metrics.entrySet()) {
            matches("metrics key", metric.getKey(), ContractBounds.METRIC);
            var value = present("metrics." + metric.getKey(), metric.getValue());
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metrics." + metric.getKey() + " is " + value + ", must be finite");
            }
        }
        // sorted, so serialized events are byte-stable across producers
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
