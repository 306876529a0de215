package dev.halftone.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void keysRoundTripAndUnknownKeysAreNamed() {
        for (Metric metric : Metric.values()) {
            assertEquals(metric, Metric.fromKey(metric.key()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.fromKey("fid"));
        assertTrue(e.getMessage().contains("fid"), e.getMessage());
    }

    @Test
    void directionsFollowTheMetricDefinitions() {
        assertTrue(Metric.PICK.higherIsBetter() && Metric.SSIM.higherIsBetter() && Metric.OCR_EXACT.higherIsBetter());
        assertTrue(!Metric.OCR_NED.higherIsBetter() && !Metric.LPIPS.higherIsBetter());
    }
}
