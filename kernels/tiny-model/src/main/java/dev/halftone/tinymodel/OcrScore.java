package dev.halftone.tinymodel;

import java.util.List;
import java.util.Locale;

/**
 * OCR exact match and normalized edit distance (NED = Levenshtein / max length, 0 best), after the same
 * normalisation of target and reading: upper case, whitespace runs to one space, trimmed.
 *
 * @param count      prompts scored
 * @param exactMatch share of prompts read exactly, in [0, 1]
 * @param meanNed    mean NED over the prompts
 */
public record OcrScore(int count, double exactMatch, double meanNed) {
    public static OcrScore of(List<String> targets, List<String> readings) {
        if (targets.size() != readings.size() || targets.isEmpty()) {
            throw new IllegalArgumentException("need one reading per target, and at least one: "
                    + targets.size() + " targets, " + readings.size() + " readings");
        }
        int exact = 0;
        double nedSum = 0;
        for (int i = 0; i < targets.size(); i++) {
            String target = normalise(targets.get(i));
            String reading = normalise(readings.get(i));
            exact += target.equals(reading) ? 1 : 0;
            nedSum += normalisedEditDistance(target, reading);
        }
        return new OcrScore(targets.size(), exact / (double) targets.size(), nedSum / targets.size());
    }

    static String normalise(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** Levenshtein distance over max(|a|, |b|); 0 when both are empty. */
    static double normalisedEditDistance(String a, String b) {
        int longest = Math.max(a.length(), b.length());
        if (longest == 0) {
            return 0;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()] / (double) longest;
    }
}
