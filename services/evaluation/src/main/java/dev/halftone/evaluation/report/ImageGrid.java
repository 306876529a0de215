package dev.halftone.evaluation.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The image grid: one row per chosen prompt and seed, one column per variant, the same generation across a row. */
public record ImageGrid(List<String> variants, List<Row> rows) {

    /** Rows shown when the study names no grid prompts. */
    static final int DEFAULT_ROWS = 6;

    public record Row(String promptId, long seed, Map<String, Optional<Path>> images) {
    }

    public static ImageGrid of(StudyResults results) {
        List<String> variants = results.variants().stream().map(VariantInfo::name).toList();
        Map<String, Map<String, Optional<Path>>> byGeneration = new LinkedHashMap<>();
        Map<String, ImageScores> firstOfGeneration = new LinkedHashMap<>();
        for (ImageScores score : results.scores()) {
            byGeneration.computeIfAbsent(score.pairKey(), key -> new LinkedHashMap<>()).put(score.variant(), score.image());
            firstOfGeneration.putIfAbsent(score.pairKey(), score);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, ImageScores> entry : firstOfGeneration.entrySet()) {
            ImageScores first = entry.getValue();
            Map<String, Optional<Path>> images = byGeneration.get(entry.getKey());
            boolean chosen = results.gridPrompts().isEmpty()
                    ? rows.size() < DEFAULT_ROWS && variants.stream().allMatch(v -> images.getOrDefault(v,
                            Optional.empty()).isPresent())
                    : results.gridPrompts().contains(first.promptId());
            if (chosen) {
                Map<String, Optional<Path>> row = new LinkedHashMap<>();
                variants.forEach(v -> row.put(v, images.getOrDefault(v, Optional.empty())));
                rows.add(new Row(first.promptId(), first.seed(), row));
            }
        }
        return new ImageGrid(variants, rows);
    }
}
