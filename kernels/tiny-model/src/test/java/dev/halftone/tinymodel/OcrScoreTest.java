package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OcrScoreTest {
    @Test
    void editDistanceIsNormalisedByTheLongerString() {
        assertEquals(0.0, OcrScore.normalisedEditDistance("OPEN", "OPEN"));
        assertEquals(0.25, OcrScore.normalisedEditDistance("OPEN", "OPFN"));
        assertEquals(1.0, OcrScore.normalisedEditDistance("OPEN", ""));
        assertEquals(3.0 / 7.0, OcrScore.normalisedEditDistance("KITTING", "SITTEN"), 1e-12);
        assertEquals(0.0, OcrScore.normalisedEditDistance("", ""));
    }

    @Test
    void matchingIgnoresCaseAndWhitespaceRunsOnly() {
        OcrScore score = OcrScore.of(List.of("HI THERE", "OPEN", "24 HOURS", "CAT"),
                List.of("hi  there\n", "OPEN.", "24HOURS", "CAT"));
        assertEquals(4, score.count());
        assertEquals(0.5, score.exactMatch());
        assertEquals((0 + 1.0 / 5 + 1.0 / 8 + 0) / 4, score.meanNed(), 1e-12);
    }

    @Test
    void needsOneReadingPerTarget() {
        assertThrows(IllegalArgumentException.class, () -> OcrScore.of(List.of("A"), List.of()));
    }
}
