package dev.halftone.evaluation.report;

import dev.halftone.evaluation.stats.FragilityRanking;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a study report is rendered from, as plain data: the variants, every per-image score, why any metric
 * is unavailable, the comparisons asked for, the ablation and protection ladder, and the fragility ranking.
 *
 * @param reference    the variant reference fidelity is measured against (FP8 in the paper)
 * @param unavailable  metric -> why it could not be measured (e.g. "no PickScore model folder was given");
 *                     rendered as a section and as "n/a" cells, never as a number
 * @param ablation     Table 3's rows, scored on {@code ablationMetric}; empty when the study ran no ablation
 * @param gridPrompts  prompt ids for the image grid; empty picks the first few every variant has images for
 */
public record StudyResults(String title, String reference, List<VariantInfo> variants, List<ImageScores> scores,
                           Map<Metric, String> unavailable, List<PairRequest> pairs, Metric ablationMetric,
                           List<AblationRow> ablation, Optional<FragilityRanking> fragility,
                           List<String> gridPrompts) {

    public StudyResults {
        variants = List.copyOf(variants);
        scores = List.copyOf(scores);
        unavailable = unavailable.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(unavailable));
        pairs = List.copyOf(pairs);
        ablation = List.copyOf(ablation);
        gridPrompts = List.copyOf(gridPrompts);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("study " + title + " has no variants");
        }
        Set<String> names = new HashSet<>();
        for (VariantInfo variant : variants) {
            if (!names.add(variant.name())) {
                throw new IllegalArgumentException("study " + title + " lists variant " + variant.name() + " twice");
            }
        }
        if (!names.contains(reference)) {
            throw new IllegalArgumentException("study " + title + ": reference variant " + reference
                    + " is not among its variants " + names);
        }
        Set<String> seen = new HashSet<>();
        for (ImageScores score : scores) {
            if (!names.contains(score.variant())) {
                throw new IllegalArgumentException("study " + title + ": scores name unknown variant " + score.variant());
            }
            if (!seen.add(score.variant() + "/" + score.pairKey())) {
                throw new IllegalArgumentException("study " + title + ": variant " + score.variant()
                        + " has two score records for prompt " + score.promptId() + " seed " + score.seed());
            }
        }
        for (PairRequest pair : pairs) {
            if (!names.contains(pair.baseline()) || !names.contains(pair.candidate())) {
                throw new IllegalArgumentException("study " + title + ": pair " + pair.baseline() + " vs "
                        + pair.candidate() + " names an unknown variant");
            }
        }
    }

    public VariantInfo variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown variant " + name));
    }
}
