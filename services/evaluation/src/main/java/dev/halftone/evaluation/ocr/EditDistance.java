package dev.halftone.evaluation.ocr;

/**
 * Levenshtein distance (unit-cost insertions, deletions and substitutions) over Unicode code points, and the
 * normalized edit distance NED = distance / max(length(a), length(b)) in [0, 1], lower is better; two empty
 * strings have NED 0. This is rapidfuzz's {@code Levenshtein.normalized_distance}, the quantity PaddleOCR's
 * {@code RecMetric} averages (it reports 1 - NED; Halftone reports NED itself).
 */
public final class EditDistance {

    private EditDistance() {
    }

    public static int levenshtein(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        // two rolling rows of the dynamic programme: previous[j] = distance(x[0..i), y[0..j))
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }

    public static double normalized(String a, String b) {
        int longest = Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length()));
        return longest == 0 ? 0.0 : (double) levenshtein(a, b) / longest;
    }
}
