package dev.halftone.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FragilityRankingTest {

    @Test
    void ranksByMeanKurtosisTimesMaxAbs() {
        LayerTrace down = trace("layers.0.feed_forward.w2", new double[] {10, 40, 20, 30}, new double[] {20, 30, 40, 50});
        LayerTrace qkv = trace("layers.0.attention.qkv", new double[] {5, 6, 7, 8}, new double[] {3, 3, 4, 4});
        LayerTrace out = trace("layers.0.attention.o", new double[] {9, 3, 4, 2}, new double[] {6, 5, 4, 3});
        FragilityRanking ranking = FragilityRanking.of(List.of(qkv, down, out));
        // w2: mean kurtosis 35 x max 40 = 1400; o: 4.5 x 9 = 40.5; qkv: 3.5 x 8 = 28
        assertEquals(List.of("layers.0.feed_forward.w2", "layers.0.attention.o", "layers.0.attention.qkv"),
                ranking.top(3));
        assertEquals(1400, ranking.entries().getFirst().fragility(), 1e-12);
        assertEquals(1, ranking.entries().getFirst().rank());
        // halves: w2 early 25 x 40 = 1000, late 45 x 30 = 1350; o early 5.5 x 9, late 3.5 x 4; qkv early 3 x 6, late 4 x 8
        FragilityRanking.Entry w2 = ranking.entries().getFirst();
        assertEquals(1000, w2.earlyFragility(), 1e-12);
        assertEquals(1350, w2.lateFragility(), 1e-12);
        // early order w2 > o (49.5) > qkv (18); late order w2 > qkv (32) > o (14): rho = 1 - 6*2/(3*8) = 0.5
        assertEquals(0.5, ranking.earlyLateSpearman(), 1e-12);
        assertEquals(List.of("layers.0.feed_forward.w2"), ranking.top(1));
    }

    @Test
    void oddStepCountsGiveTheMiddleStepToTheLateHalf() {
        LayerTrace a = trace("a", new double[] {1, 100, 1}, new double[] {1, 1, 1});
        LayerTrace b = trace("b", new double[] {2, 2, 2}, new double[] {1, 1, 1});
        FragilityRanking ranking = FragilityRanking.of(List.of(a, b));
        assertEquals(1, ranking.entries().stream().filter(e -> e.layer().equals("a")).findFirst().orElseThrow()
                .earlyFragility(), 1e-12);
        assertEquals(-1.0, ranking.earlyLateSpearman(), 1e-12);
    }

    @Test
    void inconsistentProfilesAreRejectedNamingTheLayer() {
        LayerTrace a = trace("a", new double[] {1, 2}, new double[] {1, 2});
        LayerTrace b = trace("b", new double[] {1, 2, 3}, new double[] {1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FragilityRanking.of(List.of(a, b)));
        assertTrue(e.getMessage().contains("layer b"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FragilityRanking.of(List.of(a, a)));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LayerTrace("c", new double[] {1, 2}, new double[] {1}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("layer c"), e.getMessage());
    }

    private static LayerTrace trace(String layer, double[] maxAbs, double[] kurtosis) {
        return new LayerTrace(layer, maxAbs, new double[maxAbs.length], kurtosis);
    }
}
