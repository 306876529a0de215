package dev.halftone.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SpearmanTest {

    @Test
    void equalsScipySpearmanr() {
        assertEquals(5, ScipyVectors.ROOT.get("spearman").size());
        for (JsonNode c : ScipyVectors.ROOT.get("spearman")) {
            assertEquals(c.get("rho").asDouble(),
                    Spearman.correlation(ScipyVectors.doubles(c.get("x")), ScipyVectors.doubles(c.get("y"))), 1e-12,
                    c.get("name").asText());
        }
    }

    @Test
    void tiesShareTheAverageRank() {
        assertArrayEquals(new double[] {2.5, 1, 2.5, 4, 6, 6, 6},
                Spearman.averageRanks(new double[] {5, 1, 5, 7, 9, 9, 9}));
    }

    @Test
    void undefinedCasesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Spearman.correlation(new double[] {1, 1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Spearman.correlation(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Spearman.correlation(new double[] {1}, new double[] {1}));
    }
}
