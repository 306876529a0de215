package dev.halftone.stats;

import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantReady;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's tables, computed from the per-image scores: one row per variant (in the study's order) with the
 * image count, size on disk, bits per weight and the mean of every metric. The integration test recomputes them
 * from the score objects in S3, so this is the contract between the two.
 */
public record ReportTables(String jobId, List<Row> variants, List<String> metrics) {

    /** One variant's row; {@code means} is keyed by metric name, sorted. */
    public record Row(String variant, String format, long images, long bytesOnDisk, double bitsPerWeight,
                      Map<String, Double> means) {
    }

    public static ReportTables of(JobSubmitted study, Collection<VariantReady> ready, Collection<ImageScored> scores) {
        var metrics = new TreeSet<String>();
        scores.forEach(s -> metrics.addAll(s.metrics().keySet()));
        List<Row> rows = new ArrayList<>();
        for (Variant variant : study.variants()) {
            var mine = scores.stream().filter(s -> s.variant().equals(variant.name())).toList();
            var size = ready.stream().filter(r -> r.variant().equals(variant.name())).findFirst();
            Map<String, Double> means = new TreeMap<>();
            for (String metric : metrics) {
                var values = mine.stream().map(s -> s.metrics().get(metric)).filter(v -> v != null).mapToDouble(Double::doubleValue);
                values.average().ifPresent(mean -> means.put(metric, mean));
            }
            rows.add(new Row(variant.name(), variant.recipe().format().wireName(), mine.size(),
                    size.map(VariantReady::bytesOnDisk).orElse(0L), size.map(VariantReady::bitsPerWeight).orElse(0.0), means));
        }
        return new ReportTables(study.jobId(), List.copyOf(rows), List.copyOf(metrics));
    }
}
