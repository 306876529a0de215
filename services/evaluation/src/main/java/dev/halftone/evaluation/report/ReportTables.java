package dev.halftone.evaluation.report;

import dev.halftone.evaluation.stats.FragilityRanking;
import dev.halftone.evaluation.stats.PairedComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns {@link StudyTables} into the report's tables, in the paper's order; missing values print as "n/a". */
public final class ReportTables {

    static final String NOT_AVAILABLE = "n/a";
    private static final int FRAGILITY_ROWS = 20;

    private ReportTables() {
    }

    public static List<ReportTable> build(StudyTables tables) {
        List<ReportTable> result = new ArrayList<>();
        result.add(table1(tables));
        result.add(table2(tables));
        if (!tables.results().ablation().isEmpty()) {
            result.add(table3(tables));
        }
        if (!tables.categoryOcr().isEmpty()) {
            result.add(categoryOcr(tables));
        }
        tables.results().fragility().ifPresent(ranking -> result.add(fragility(ranking)));
        if (!tables.pairs().isEmpty()) {
            result.add(pairs(tables));
        }
        return result;
    }

    private static ReportTable table1(StudyTables tables) {
        List<String> header = new ArrayList<>(List.of("Variant"));
        StudyTables.TABLE_1.forEach(metric -> header.add(metric.label()));
        header.addAll(List.of("s/image", "Size (GB)", "Bits/weight"));
        List<List<String>> rows = new ArrayList<>();
        for (VariantInfo variant : tables.results().variants()) {
            List<String> row = new ArrayList<>(List.of(label(tables, variant)));
            StudyTables.TABLE_1.forEach(metric -> row.add(meanCell(tables, variant.name(), metric)));
            row.add(variant.secondsPerImage().isPresent() ? seconds(variant.secondsPerImage().getAsDouble())
                    : NOT_AVAILABLE);
            row.add(fixed(variant.sizeOnDiskBytes() / 1e9, 2));
            row.add(fixed(variant.bitsPerWeight(), 2));
            rows.add(row);
        }
        return new ReportTable("Table 1: standalone quality, text legibility and efficiency", header, rows,
                "Means over the images each variant has scores for. OCR NED: Levenshtein / max length after "
                        + "normalization, lower is better. s/image: mean seconds of the generation pipeline per image "
                        + "(text encoding, sampling, decoding; loading the variant and storing the image excluded). "
                        + "Size on disk includes scales.");
    }

    private static ReportTable table2(StudyTables tables) {
        List<String> header = new ArrayList<>(List.of("Variant"));
        StudyTables.TABLE_2.forEach(metric -> header.add(metric.label()));
        header.add("n");
        List<List<String>> rows = new ArrayList<>();
        for (VariantInfo variant : tables.results().variants()) {
            if (variant.name().equals(tables.results().reference())) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(variant.label()));
            int n = 0;
            for (Metric metric : StudyTables.TABLE_2) {
                row.add(meanCell(tables, variant.name(), metric));
                n = Math.max(n, tables.mean(variant.name(), metric).map(MetricMean::n).orElse(0));
            }
            row.add(Integer.toString(n));
            rows.add(row);
        }
        return new ReportTable("Table 2: reference fidelity to " + tables.results().variant(tables.results().reference())
                .label(), header, rows, "Same prompt and seed as the reference. PSNR on 8-bit RGB; SSIM Wang 2004, "
                + "mean of the R, G, B channel SSIMs; LPIPS AlexNet v0.1, lower is better.");
    }

    private static ReportTable table3(StudyTables tables) {
        Metric metric = tables.results().ablationMetric();
        List<List<String>> rows = new ArrayList<>();
        for (AblationRow row : tables.results().ablation()) {
            String configuration = row.isLadderRung()
                    ? "Protection ladder, top-" + row.protectedLayers() + " in bf16" : row.configuration();
            rows.add(List.of(configuration + (row.chosen() ? " (chosen)" : ""),
                    fixed(row.value(), metric.decimals())));
        }
        return new ReportTable("Table 3: ablation and protection ladder", List.of("Configuration", metric.label()),
                rows, "Single runs, descriptive (no error bars).");
    }

    private static ReportTable categoryOcr(StudyTables tables) {
        List<List<String>> rows = new ArrayList<>();
        for (CategoryOcr row : tables.categoryOcr()) {
            rows.add(List.of(tables.results().variant(row.variant()).label(), row.category(), Integer.toString(row.n()),
                    fixed(row.exactMatchRate(), 3), fixed(row.meanNed(), 3)));
        }
        return new ReportTable("OCR per category", List.of("Variant", "Category", "n", "Exact match", "NED"), rows,
                "Readings and targets are compared after NFKC, upper-casing and whitespace collapsing.");
    }

    private static ReportTable fragility(FragilityRanking ranking) {
        List<List<String>> rows = new ArrayList<>();
        for (FragilityRanking.Entry entry : ranking.entries().subList(0, Math.min(FRAGILITY_ROWS,
                ranking.entries().size()))) {
            rows.add(List.of(Integer.toString(entry.rank()), entry.layer(), scientific(entry.fragility()),
                    scientific(entry.earlyFragility()), scientific(entry.lateFragility())));
        }
        return new ReportTable("Fragility ranking", List.of("Rank", "Layer", "Fragility", "Early half", "Late half"),
                rows, String.format(Locale.ROOT, "Fragility = mean kurtosis x max |x| over the profiled steps; "
                        + "Spearman rho between early- and late-half scores over all %d layers: %.3f.",
                        ranking.entries().size(), ranking.earlyLateSpearman()));
    }

    private static ReportTable pairs(StudyTables tables) {
        List<List<String>> rows = new ArrayList<>();
        int resamples = 0;
        for (PairResult pair : tables.pairs()) {
            String name = tables.results().variant(pair.request().candidate()).label() + " vs "
                    + tables.results().variant(pair.request().baseline()).label();
            Metric metric = pair.request().metric();
            if (pair.comparison().isEmpty()) {
                rows.add(List.of(name, metric.label(), NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE, pair.reason(), "0"));
                continue;
            }
            PairedComparison c = pair.comparison().get();
            resamples = c.resamples();
            int digits = metric.decimals() + 1;
            rows.add(List.of(name, metric.label(), signed(c.meanDelta(), digits), signed(c.medianDelta(), digits),
                    "[" + signed(c.ciLow(), digits) + ", " + signed(c.ciHigh(), digits) + "]",
                    c.excludesZero() ? "yes" : "no", Integer.toString(c.n())));
        }
        return new ReportTable("Paired comparisons (candidate minus baseline)",
                List.of("Pair", "Metric", "Mean delta", "Median delta", "95% CI", "Excludes 0", "n"), rows,
                "Percentile bootstrap over prompts resampled jointly (B = " + resamples + ", seeded); no "
                        + "multiple-comparison correction.");
    }

    private static String label(StudyTables tables, VariantInfo variant) {
        return variant.name().equals(tables.results().reference()) ? variant.label() + " (ref)" : variant.label();
    }

    private static String meanCell(StudyTables tables, String variant, Metric metric) {
        if (tables.results().unavailable().containsKey(metric)) {
            return NOT_AVAILABLE;
        }
        return tables.mean(variant, metric).map(mean -> fixed(mean.mean(), metric.decimals())).orElse(NOT_AVAILABLE);
    }

    /** Tenths of a second from 10 s (the paper's 172.9), three significant figures below (a small model's 0.412). */
    private static String seconds(double value) {
        return fixed(value, value >= 10 ? 1 : value >= 1 ? 2 : 3);
    }

    static String fixed(double value, int decimals) {
        return Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf")
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String signed(double value, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }

    private static String scientific(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
