package dev.halftone.evaluation.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OcrScoreTest {

    @Test
    void caseAndWhitespaceAreNormalizedPunctuationIsNot() {
        OcrScore score = OcrScore.of("OPEN 24 HOURS", "  open\n24   Hours ");
        assertTrue(score.exactMatch());
        assertEquals("OPEN 24 HOURS", score.normalizedReading());
        assertEquals(0.0, score.ned());

        OcrScore joined = OcrScore.of("OPEN 24 HOURS", "OPEN 24HOURS");
        assertFalse(joined.exactMatch());
        assertEquals(1.0 / 13, joined.ned(), 1e-15);

        assertFalse(OcrScore.of("3.14", "314").exactMatch());
        assertTrue(OcrScore.of("ﬁne", "FINE").exactMatch(), "NFKC turns the fi ligature into two letters");
    }

    @Test
    void anEmptyReadingHasDistanceOne() {
        assertEquals(1.0, OcrScore.of("EXIT", "").ned());
    }

    @Test
    void aBlankTargetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OcrScore.of("  ", "X"));
        assertTrue(e.getMessage().contains("target"), e.getMessage());
    }

    @Test
    void summaryAveragesExactMatchAndDistance() {
        OcrSummary summary = OcrSummary.of(List.of(OcrScore.of("STOP", "stop"), OcrScore.of("EXIT", "EX1T")));
        assertEquals(2, summary.n());
        assertEquals(0.5, summary.exactMatchRate());
        assertEquals(0.125, summary.meanNed(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> OcrSummary.of(List.of()));
    }
}
