package dev.halftone.stats;

import dev.halftone.evaluation.report.AblationRow;
import dev.halftone.evaluation.report.Metric;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.LayerProtection;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Table 3 of a study from its INT8 W8A8 variants (paper §6). When the SmoothQuant variants with top-k protection
 * (none counts as k = 0) span at least three k, they are the protection ladder's rungs, as
 * {@code halftone submit --preset ladder} makes them; every other INT8 variant is an ablation row named by what it
 * adds to naive W8A8 (SmoothQuant, protection, both), as {@code --preset ablation} makes them. A study with fewer
 * than two INT8 variants has no Table 3. Each row holds the variant's mean on the first quality metric that was
 * scored for them (Pick, else CLIP, else SSIM to the reference, as the Pareto plot); no row is marked chosen, since
 * the swarm measures configurations and does not adopt one.
 */
public record AblationRows(Metric metric, List<AblationRow> rows) {
    static final List<Metric> METRIC_ORDER = List.of(Metric.PICK, Metric.CLIP, Metric.SSIM);
    private static final int LADDER_RUNGS = 3;

    public AblationRows {
        rows = List.copyOf(rows);
    }

    public static Optional<AblationRows> of(List<Variant> variants, Collection<ImageScored> scores) {
        List<Variant> int8 = variants.stream().filter(v -> v.recipe().format() == VariantFormat.INT8_W8A8).toList();
        if (int8.size() < 2) {
            return Optional.empty();
        }
        for (Metric metric : METRIC_ORDER) {
            if (int8.stream().anyMatch(v -> mean(scores, v, metric).isPresent())) {
                return Optional.of(new AblationRows(metric, rows(int8, scores, metric)));
            }
        }
        return Optional.empty();
    }

    private static List<AblationRow> rows(List<Variant> int8, Collection<ImageScored> scores, Metric metric) {
        Set<Integer> ladderK = new TreeSet<>();
        int8.stream().filter(AblationRows::isRung).forEach(v -> ladderK.add(protectedLayers(v.recipe())));
        boolean ladder = ladderK.size() >= LADDER_RUNGS;
        List<AblationRow> rows = new ArrayList<>();
        int8.stream().filter(v -> !(ladder && isRung(v)))
                .sorted(Comparator.comparingInt((Variant v) -> step(v.recipe())).thenComparing(Variant::name))
                .forEach(v -> mean(scores, v, metric).ifPresent(value ->
                        rows.add(new AblationRow(configuration(v), -1, value, false))));
        if (ladder) {
            int8.stream().filter(AblationRows::isRung)
                    .sorted(Comparator.comparingInt((Variant v) -> protectedLayers(v.recipe())).thenComparing(Variant::name))
                    .forEach(v -> mean(scores, v, metric).ifPresent(value ->
                            rows.add(new AblationRow(v.name(), protectedLayers(v.recipe()), value, false))));
        }
        return rows;
    }

    private static boolean isRung(Variant variant) {
        Recipe recipe = variant.recipe();
        return recipe.smoothQuant() && (recipe.protection() == null || recipe.protection().topK() != null);
    }

    private static int protectedLayers(Recipe recipe) {
        LayerProtection protection = recipe.protection();
        return protection == null ? 0 : protection.topK() != null ? protection.topK() : protection.layers().size();
    }

    /** 0 naive, 1 + SmoothQuant, 2 + protection, 3 both: the paper's row order. */
    private static int step(Recipe recipe) {
        return (recipe.smoothQuant() ? 1 : 0) + (protectedLayers(recipe) > 0 ? 2 : 0);
    }

    private static String configuration(Variant variant) {
        Recipe recipe = variant.recipe();
        int k = protectedLayers(recipe);
        String protection = recipe.protection() != null && recipe.protection().topK() == null
                ? k + " listed layers in bf16" : "top-" + k + " in bf16";
        String what = switch (step(recipe)) {
            case 0 -> "Naive W8A8";
            case 1 -> "+ SmoothQuant (alpha " + recipe.alpha() + ")";
            case 2 -> "+ Protection (" + protection + ")";
            default -> "+ Both (alpha " + recipe.alpha() + ", " + protection + ")";
        };
        return what + ", " + variant.name();
    }

    private static OptionalDouble mean(Collection<ImageScored> scores, Variant variant, Metric metric) {
        return ReportTables.mean(scores.stream().filter(s -> s.variant().equals(variant.name())).toList(), metric.key());
    }
}
