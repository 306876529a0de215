package dev.halftone.engine.sampler;

import dev.halftone.engine.model.DiTConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigmaScheduleTest {

    @Test
    void shiftedScheduleRunsFromOneToZeroWithTheResolutionShift() {
        SigmaSchedule schedule = SigmaSchedule.of(48, DiTConfig.HALFTONE_TINY);
        assertEquals(48, schedule.steps());
        assertEquals(1.0, schedule.sigma(0), 0.0);
        assertEquals(0.0, schedule.sigma(48), 0.0);
        for (int i = 0; i < 48; i++) {
            assertTrue(schedule.sigma(i + 1) < schedule.sigma(i), "sigma must fall at step " + i);
            assertEquals((float) (schedule.sigma(i + 1) - schedule.sigma(i)), schedule.delta(i), 0f);
        }
        // 512 image tokens: mu = 0.5 + 0.65·256/3840, m = e^mu; the midpoint sigma = 0.5 maps to m/(1 + m)
        double m = Math.exp(0.5 + 0.65 * 256 / 3840);
        assertEquals(m / (1 + m), schedule.sigma(24), 1e-15);
    }

    @Test
    void zeroStepsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SigmaSchedule.of(0, DiTConfig.HALFTONE_TINY));
    }
}
