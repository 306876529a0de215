package dev.halftone.stats;

import dev.halftone.evaluation.report.Metric;
import dev.halftone.evaluation.report.StudyTables;
import dev.halftone.evaluation.stats.PairedBootstrap;
import dev.halftone.evaluation.stats.PairedComparison;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.schemas.VariantReady;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The report's tables, computed from the per-image scores: one row per variant (in the study's order) with the
 * image count, size on disk, bits per weight, seconds per image with the devices that rendered its images
 * ({@link GenerationTimes}) and the mean of every metric, and the paired same-seed bootstrap
 * interval of each variant against the reference on every metric both were scored on (paper §5). The integration
 * test recomputes the means from the score objects in S3, so this is the contract between the two.
 */
public record ReportTables(String jobId, List<Row> variants, List<String> metrics, List<Comparison> comparisons) {
    /** Fidelity to the reference (Table 2): the reference's own value is trivial, so it is not compared with it. */
    private static final Set<String> FIDELITY = StudyTables.TABLE_2.stream().map(Metric::key).collect(Collectors.toSet());

    /**
     * One variant's row; {@code means} is keyed by metric name, sorted; {@code secondsPerImage} is null when none of
     * its {@code image.generated} events was seen.
     */
    public record Row(String variant, String format, long images, long bytesOnDisk, double bitsPerWeight,
                      Double secondsPerImage, List<String> devices, Map<String, Double> means) {
    }

    /** A variant minus the reference on one metric, paired over the images both have. */
    public record Comparison(String variant, String reference, String metric, PairedComparison paired) {
    }

    public static ReportTables of(JobSubmitted study, Collection<VariantReady> ready, GenerationTimes times,
                                  Collection<ImageScored> scores) {
        var metrics = new TreeSet<String>();
        scores.forEach(s -> metrics.addAll(s.metrics().keySet()));
        List<Row> rows = new ArrayList<>();
        for (Variant variant : study.variants()) {
            var mine = scores.stream().filter(s -> s.variant().equals(variant.name())).toList();
            var size = ready.stream().filter(r -> r.variant().equals(variant.name())).findFirst();
            Map<String, Double> means = new TreeMap<>();
            for (String metric : metrics) {
                mean(mine, metric).ifPresent(mean -> means.put(metric, mean));
            }
            var seconds = times.secondsPerImage(variant.name());
            rows.add(new Row(variant.name(), variant.recipe().format().wireName(), mine.size(),
                    size.map(VariantReady::bytesOnDisk).orElse(0L), size.map(VariantReady::bitsPerWeight).orElse(0.0),
                    seconds.isPresent() ? seconds.getAsDouble() : null, times.devices(variant.name()), means));
        }
        return new ReportTables(study.jobId(), List.copyOf(rows), List.copyOf(metrics), comparisons(study, scores));
    }

    /** The mean of a metric over the scores that carry it (OCR only where the prompt has a target text). */
    static OptionalDouble mean(Collection<ImageScored> scores, String metric) {
        return scores.stream().map(s -> s.metrics().get(metric)).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .average();
    }

    /**
     * Every non-reference variant against the study's first reference-format variant, on each metric both carry
     * except fidelity to the reference itself (the reference's own value there is trivial), paired by prompt set,
     * prompt and seed; a metric with fewer than two pairs has no interval.
     */
    private static List<Comparison> comparisons(JobSubmitted study, Collection<ImageScored> scores) {
        var reference = study.variants().stream()
                .filter(v -> v.recipe().format() == VariantFormat.FP8_REFERENCE || v.recipe().format() == VariantFormat.BF16)
                .map(Variant::name).findFirst();
        if (reference.isEmpty()) {
            return List.of();
        }
        Map<String, ImageScored> baseline = new TreeMap<>();
        scores.stream().filter(s -> s.variant().equals(reference.get())).forEach(s -> baseline.put(pairKey(s), s));
        var bootstrap = new PairedBootstrap();
        List<Comparison> comparisons = new ArrayList<>();
        for (Variant variant : study.variants()) {
            if (variant.name().equals(reference.get())) {
                continue;
            }
            Map<String, ImageScored> candidate = new TreeMap<>();
            scores.stream().filter(s -> s.variant().equals(variant.name())).forEach(s -> candidate.put(pairKey(s), s));
            var metrics = new TreeSet<String>();
            candidate.values().forEach(s -> metrics.addAll(s.metrics().keySet()));
            for (String metric : metrics) {
                if (FIDELITY.contains(metric)) {
                    continue;
                }
                List<double[]> pairs = new ArrayList<>();
                for (var entry : candidate.entrySet()) {
                    var base = baseline.get(entry.getKey());
                    Double a = base == null ? null : base.metrics().get(metric);
                    Double b = entry.getValue().metrics().get(metric);
                    if (a != null && b != null) {
                        pairs.add(new double[] {a, b});
                    }
                }
                if (pairs.size() >= 2) {
                    double[] base = pairs.stream().mapToDouble(p -> p[0]).toArray();
                    double[] cand = pairs.stream().mapToDouble(p -> p[1]).toArray();
                    comparisons.add(new Comparison(variant.name(), reference.get(), metric, bootstrap.compare(base, cand)));
                }
            }
        }
        return List.copyOf(comparisons);
    }

    private static String pairKey(ImageScored scored) {
        return promptId(scored) + "#" + scored.seed();
    }

    /** The prompt's id in reports: {@code <prompt set>#<index>}. */
    static String promptId(ImageScored scored) {
        return scored.promptSet() + "#" + scored.promptIndex();
    }
}
