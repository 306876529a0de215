package dev.halftone.evaluation.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-prompt scores from a text file, one number per line in prompt order (the input of
 * {@code halftone stats paired}). Blank lines are skipped; a first line that is not a number is taken as a header.
 */
public final class ScoreColumn {

    private ScoreColumn() {
    }

    public static double[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("score file not found: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read score file " + file, e);
        }
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                double value = Double.parseDouble(line);
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": score is " + line + ", must be finite");
                }
                scores.add(value);
            } catch (NumberFormatException e) {
                if (i == 0) {
                    continue;
                }
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a number: '" + line + "'", e);
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("score file " + file + " has no scores");
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
