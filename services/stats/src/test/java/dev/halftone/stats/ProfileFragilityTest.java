package dev.halftone.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProfileFragilityTest {

    /** One layer of the profiler's JSON (ActivationProfileWriter): per step max_abs, std, kurtosis. */
    private static String layer(String name, double[] maxAbs, double[] kurtosis) {
        StringBuilder steps = new StringBuilder();
        for (int s = 0; s < maxAbs.length; s++) {
            steps.append(s == 0 ? "" : ",").append("{\"step\":").append(s).append(",\"max_abs\":").append(maxAbs[s])
                    .append(",\"std\":1.0,\"kurtosis\":").append(kurtosis[s]).append('}');
        }
        return "{\"name\":\"" + name + "\",\"fragility\":0,\"steps\":[" + steps + "]}";
    }

    private static byte[] profile(String... layers) {
        return ("{\"steps\":2,\"fragility_ranking\":[],\"layers\":[" + String.join(",", layers) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ranksTheProfilesLayersByMeanKurtosisTimesMaxAbs() {
        var ranking = ProfileFragility.parse(profile(
                layer("layers.0.attention.qkv", new double[] {2, 4}, new double[] {3, 5}),
                layer("layers.0.feed_forward.w2", new double[] {30, 50}, new double[] {40, 30})));
        assertEquals(List.of("layers.0.feed_forward.w2", "layers.0.attention.qkv"), ranking.top(2));
        assertEquals(35 * 50, ranking.entries().getFirst().fragility(), 1e-9, "mean kurtosis 35 x max |x| 50");
        assertEquals(4 * 4, ranking.entries().get(1).fragility(), 1e-9);
    }

    @Test
    void refusesAMalformedProfileNamingTheProblem() {
        var nullStatistic = assertThrows(IllegalArgumentException.class, () -> ProfileFragility.parse(
                ("{\"layers\":[{\"name\":\"a\",\"steps\":[{\"max_abs\":null,\"std\":1,\"kurtosis\":3},"
                        + "{\"max_abs\":1,\"std\":1,\"kurtosis\":3}]}," + layer("b", new double[] {1, 2}, new double[] {3, 3})
                        + "]}").getBytes(StandardCharsets.UTF_8)));
        assertTrue(nullStatistic.getMessage().contains("profile layer a step 0: max_abs"), nullStatistic.getMessage());
        var notJson = assertThrows(IllegalArgumentException.class,
                () -> ProfileFragility.parse("{\"layers\": [".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notJson.getMessage().startsWith("the profile is not JSON"), notJson.getMessage());
        var noLayers = assertThrows(IllegalArgumentException.class,
                () -> ProfileFragility.parse("{\"steps\":2}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(noLayers.getMessage().contains("layers must be an array"), noLayers.getMessage());
        var nameless = assertThrows(IllegalArgumentException.class,
                () -> ProfileFragility.parse(profile("{\"steps\":[]}", layer("b", new double[] {1, 2}, new double[] {3, 3}))));
        assertTrue(nameless.getMessage().contains("profile layer 0 needs a name"), nameless.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProfileFragility.parse(profile(layer("a", new double[] {1, 2}, new double[] {3, 3}))),
                "a ranking needs two layers");
    }
}
