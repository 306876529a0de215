package dev.halftone.engine.profile;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.TestModels;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming profile equals a direct two-pass computation over stored copies of every linear input. */
class BranchActivationProfileTest {

    private static final int STEPS = 3;
    private static final List<String> PROMPTS = List.of("a cat", "");

    @TempDir
    Path temp;

    /** Every input of every linear, kept whole: (step, layer, values). */
    private record Stored(int step, int layer, float[] values) {
    }

    @Test
    void streamingStatisticsEqualDirectComputation() throws IOException {
        try (ImagePipeline pipeline = ImagePipeline.open(TestModels.micro(), ModelDirectory.REFERENCE,
                new EngineOptions(2, EngineOptions.KernelChoice.VECTOR))) {
            Map<Branch, BranchActivationProfile> profiles = pipeline.profile(PROMPTS, 5L, STEPS, 4f);
            List<Stored> stored = new ArrayList<>();
            int[] step = {0};
            for (int p = 0; p < PROMPTS.size(); p++) {
                step[0] = 0;
                pipeline.sample(new GenerationRequest(PROMPTS.get(p), 5L + p, STEPS, 4f),
                        (done, total) -> step[0] = done + 1,
                        (layer, input, rows, width) -> stored.add(new Stored(step[0], layer,
                                java.util.Arrays.copyOf(input, rows * width))),
                        ActivationObserver.NONE);
            }
            BranchActivationProfile profile = profiles.get(Branch.COND);
            List<LinearBackend> linears = pipeline.branch(Branch.COND).linears();
            assertEquals(6 * 2 + 7, linears.size());
            for (int layer = 0; layer < linears.size(); layer++) {
                int width = linears.get(layer).inFeatures();
                float[] channelMax = new float[width];
                for (int s = 0; s < STEPS; s++) {
                    double sum = 0, maxAbs = 0;
                    long n = 0;
                    for (Stored st : stored) {
                        if (st.layer == layer && st.step == s) {
                            for (int i = 0; i < st.values.length; i++) {
                                sum += st.values[i];
                                maxAbs = Math.max(maxAbs, Math.abs(st.values[i]));
                                channelMax[i % width] = Math.max(channelMax[i % width], Math.abs(st.values[i]));
                            }
                            n += st.values.length;
                        }
                    }
                    double mean = sum / n;
                    double m2 = 0, m4 = 0;
                    for (Stored st : stored) {
                        if (st.layer == layer && st.step == s) {
                            for (float v : st.values) {
                                double d = v - mean;
                                m2 += d * d;
                                m4 += d * d * d * d;
                            }
                        }
                    }
                    StreamingMoments m = profile.moments(layer, s);
                    String where = linears.get(layer).name() + " step " + s;
                    assertEquals(n, m.count(), where);
                    assertEquals(maxAbs, m.maxAbs(), 0.0, where);
                    assertEquals(Math.sqrt(m2 / n), m.std(), 1e-9 * Math.sqrt(m2 / n), where);
                    assertEquals(n * m4 / (m2 * m2), m.kurtosis(), 1e-9 * n * m4 / (m2 * m2), where);
                }
                float[] profiled = profile.channelMax(layer);
                for (int k = 0; k < width; k++) {
                    assertEquals(channelMax[k], profiled[k], 0f, linears.get(layer).name() + " channel " + k);
                }
            }
            ActivationProfileWriter.write(profile, temp, "cond.activations", Map.of("model", "halftone-micro"));
            String json = Files.readString(temp.resolve("cond.activations.json"));
            assertTrue(json.contains("\"fragility_ranking\"") && json.contains("\"spearman_early_late\""), json);
            assertTrue(Files.size(temp.resolve("cond.activations.safetensors")) > 0);
        }
    }

    /** The per-task partials merge in a fixed order over a row split that ignores the thread count. */
    @Test
    void statisticsAreBitIdenticalAcrossThreadCounts() throws IOException {
        BranchActivationProfile one = profileWith(1);
        for (int threads : new int[]{2, 3}) {
            BranchActivationProfile other = profileWith(threads);
            for (int layer = 0; layer < one.layerNames().size(); layer++) {
                for (int s = 0; s < STEPS; s++) {
                    String where = one.layerNames().get(layer) + " step " + s + ", " + threads + " threads";
                    StreamingMoments a = one.moments(layer, s), b = other.moments(layer, s);
                    assertEquals(a.count(), b.count(), where);
                    assertEquals(Double.doubleToRawLongBits(a.mean()), Double.doubleToRawLongBits(b.mean()), where);
                    assertEquals(Double.doubleToRawLongBits(a.std()), Double.doubleToRawLongBits(b.std()), where);
                    assertEquals(Double.doubleToRawLongBits(a.kurtosis()),
                            Double.doubleToRawLongBits(b.kurtosis()), where);
                    assertEquals(a.maxAbs(), b.maxAbs(), 0.0, where);
                }
                assertArrayEquals(one.channelMax(layer), other.channelMax(layer), 0f);
            }
        }
    }

    private static BranchActivationProfile profileWith(int threads) throws IOException {
        try (ImagePipeline pipeline = ImagePipeline.open(TestModels.micro(), ModelDirectory.REFERENCE,
                new EngineOptions(threads, EngineOptions.KernelChoice.VECTOR))) {
            return pipeline.profile(PROMPTS, 5L, STEPS, 4f).get(Branch.COND);
        }
    }

    @Test
    void pairwiseMergeEqualsOnePass() {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.pow(Math.sin(i * 0.37), 3) * 5 + 100;  // |mean| >> std, skewed
        }
        StreamingMoments whole = new StreamingMoments();
        whole.add(values, 0, values.length);
        StreamingMoments pieces = new StreamingMoments();
        pieces.add(values, 0, 1);
        pieces.add(values, 1, 333);  // a vector body of 328 and a tail of 5
        pieces.add(values, 334, 666);
        assertEquals(whole.mean(), pieces.mean(), 1e-12);
        assertEquals(whole.std(), pieces.std(), 1e-10);
        assertEquals(whole.kurtosis(), pieces.kurtosis(), 1e-9);
    }

    /** Values from scipy.stats.spearmanr. */
    @Test
    void spearmanMatchesScipy() {
        assertEquals(1.0, SpearmanCorrelation.of(new double[]{1, 2, 3, 4}, new double[]{10, 20, 30, 40}), 1e-15);
        assertEquals(-1.0, SpearmanCorrelation.of(new double[]{1, 2, 3, 4}, new double[]{4, 3, 2, 1}), 1e-15);
        // spearmanr([1, 2, 2, 5, 3], [2, 1, 4, 4, 6]).statistic = 0.605263157894737
        assertEquals(0.605263157894737, SpearmanCorrelation.of(new double[]{1, 2, 2, 5, 3},
                new double[]{2, 1, 4, 4, 6}), 1e-9);
    }
}
