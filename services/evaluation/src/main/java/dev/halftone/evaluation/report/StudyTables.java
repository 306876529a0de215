package dev.halftone.evaluation.report;

import dev.halftone.evaluation.stats.PairedBootstrap;
import dev.halftone.evaluation.stats.PairedComparison;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The numbers a report shows, computed once from {@link StudyResults}: per-variant metric means (Tables 1 and 2),
 * per-category OCR, and the paired bootstrap comparisons. Renderers only format these.
 */
public record StudyTables(StudyResults results, Map<String, Map<Metric, MetricMean>> means,
                          List<CategoryOcr> categoryOcr, List<PairResult> pairs) {

    public static final List<Metric> TABLE_1 = List.of(Metric.PICK, Metric.CLIP, Metric.OCR_NED, Metric.OCR_EXACT);
    public static final List<Metric> TABLE_2 = List.of(Metric.PSNR, Metric.SSIM, Metric.LPIPS);

    public static StudyTables of(StudyResults results, PairedBootstrap bootstrap) {
        Map<String, Map<Metric, MetricMean>> means = new LinkedHashMap<>();
        for (VariantInfo variant : results.variants()) {
            Map<Metric, MetricMean> perMetric = new EnumMap<>(Metric.class);
            for (Metric metric : Metric.values()) {
                double[] values = results.scores().stream().filter(s -> s.variant().equals(variant.name()))
                        .flatMap(s -> s.value(metric).stream()).mapToDouble(Double::doubleValue).toArray();
                if (values.length > 0) {
                    double sum = 0;
                    for (double value : values) {
                        sum += value;
                    }
                    perMetric.put(metric, new MetricMean(values.length, sum / values.length));
                }
            }
            means.put(variant.name(), perMetric);
        }
        return new StudyTables(results, means, categoryOcr(results), pairs(results, bootstrap));
    }

    public Optional<MetricMean> mean(String variant, Metric metric) {
        return Optional.ofNullable(means.getOrDefault(variant, Map.of()).get(metric));
    }

    private static List<CategoryOcr> categoryOcr(StudyResults results) {
        List<CategoryOcr> rows = new ArrayList<>();
        for (VariantInfo variant : results.variants()) {
            Map<String, List<ImageScores>> byCategory = new TreeMap<>();
            results.scores().stream()
                    .filter(s -> s.variant().equals(variant.name()) && s.values().containsKey(Metric.OCR_NED))
                    .forEach(s -> byCategory.computeIfAbsent(s.category(), c -> new ArrayList<>()).add(s));
            byCategory.forEach((category, scores) -> rows.add(new CategoryOcr(variant.name(), category, scores.size(),
                    scores.stream().mapToDouble(s -> s.value(Metric.OCR_EXACT).orElse(0.0)).average().orElseThrow(),
                    scores.stream().mapToDouble(s -> s.value(Metric.OCR_NED).orElseThrow()).average().orElseThrow())));
        }
        return rows;
    }

    private static List<PairResult> pairs(StudyResults results, PairedBootstrap bootstrap) {
        List<PairResult> rows = new ArrayList<>();
        for (PairRequest request : results.pairs()) {
            if (results.unavailable().containsKey(request.metric())) {
                rows.add(new PairResult(request, Optional.empty(),
                        request.metric().label() + " unavailable: " + results.unavailable().get(request.metric())));
                continue;
            }
            Map<String, Double> baseline = valuesByGeneration(results, request.baseline(), request.metric());
            Map<String, Double> candidate = valuesByGeneration(results, request.candidate(), request.metric());
            TreeSet<String> shared = new TreeSet<>(baseline.keySet());
            shared.retainAll(candidate.keySet());
            if (shared.size() < 2) {
                rows.add(new PairResult(request, Optional.empty(),
                        "only " + shared.size() + " prompt/seed pairs scored by both variants"));
                continue;
            }
            double[] a = shared.stream().mapToDouble(baseline::get).toArray();
            double[] b = shared.stream().mapToDouble(candidate::get).toArray();
            PairedComparison comparison = bootstrap.compare(a, b);
            rows.add(new PairResult(request, Optional.of(comparison), ""));
        }
        return rows;
    }

    private static Map<String, Double> valuesByGeneration(StudyResults results, String variant, Metric metric) {
        Map<String, Double> values = new TreeMap<>();
        results.scores().stream().filter(s -> s.variant().equals(variant))
                .forEach(s -> s.value(metric).ifPresent(v -> values.put(s.pairKey(), v)));
        return values;
    }
}
