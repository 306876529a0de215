package dev.halftone.evaluation.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void equalsTheTextbookDynamicProgrammeOnTenThousandRandomPairs() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            // a small alphabet makes matches, and so the interesting paths, common
            String a = randomString(random, "abcAB 1é", random.nextInt(16));
            String b = randomString(random, "abcAB 1é", random.nextInt(16));
            assertEquals(fullMatrix(a, b), EditDistance.levenshtein(a, b), a + " / " + b);
        }
    }

    @Test
    void knownDistances() {
        assertEquals(3, EditDistance.levenshtein("kitten", "sitting"));
        assertEquals(0, EditDistance.levenshtein("", ""));
        assertEquals(4, EditDistance.levenshtein("", "OPEN"));
        assertEquals(1, EditDistance.levenshtein("OPEN 24 HOURS", "OPEN 24HOURS"));
        // code points, not UTF-16 units: one emoji is one symbol
        assertEquals(1, EditDistance.levenshtein("A\uD83D\uDE00", "AB"));
    }

    @Test
    void normalizedDistanceDividesByTheLongerLength() {
        assertEquals(3.0 / 7, EditDistance.normalized("kitten", "sitting"), 1e-15);
        assertEquals(0.0, EditDistance.normalized("", ""));
        assertEquals(1.0, EditDistance.normalized("", "STOP"));
        assertEquals(1.0, EditDistance.normalized("ABC", "XYZ"));
        assertEquals(0.5, EditDistance.normalized("A\uD83D\uDE00", "AB"), 1e-15);
    }

    private static String randomString(Random random, String alphabet, int length) {
        int[] symbols = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(symbols[random.nextInt(symbols.length)]);
        }
        return text.toString();
    }

    /** The Wagner-Fischer table in full, written independently of the rolling-row version under test. */
    private static int fullMatrix(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
            }
        }
        return d[x.length][y.length];
    }
}
