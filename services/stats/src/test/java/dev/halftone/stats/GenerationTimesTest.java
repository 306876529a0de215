package dev.halftone.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageTiming;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.Stage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GenerationTimesTest {

    static ImageGenerated generated(String variant, int prompt, long loadMs, long denoiseMs, String device) {
        return new ImageGenerated("job-1", variant + ".p." + prompt + ".1000", variant, "p", prompt, 1000,
                new ObjectLocation("halftone-images", "jobs/job-1/" + variant + "/p/" + prompt + "-1000.png"),
                new ImageTiming(loadMs, denoiseMs, Math.max(denoiseMs, loadMs + denoiseMs + 7)), device);  // saturates
    }

    @Test
    void meanPipelineSecondsPerVariantLeaveOutLoadingAndStoring() {
        var times = GenerationTimes.of(List.of(
                generated("fp8", 0, 9_000, 400, "cpu"),
                generated("fp8", 1, 0, 500, "cuda:0"),
                generated("nf4", 0, 3_000, 1_234, "cpu")));
        assertEquals(0.45, times.secondsPerImage("fp8").getAsDouble(), 1e-12, "(400 + 500) / 2 ms, loads not counted");
        assertEquals(List.of("cpu", "cuda:0"), times.devices("fp8"));
        assertEquals(1.234, times.secondsPerImage("nf4").getAsDouble(), 1e-12);
        assertTrue(times.secondsPerImage("q4k").isEmpty(), "a variant with no generated image has no figure");
        assertEquals(List.of(), times.devices("q4k"));
    }

    @Test
    void arrivalOrderDoesNotChangeTheFigure() {
        // 2^60 ms beside 300 images of 1 ms: a double sum drops the ones added after the large value (half its ulp is
        // 128) and keeps 256 of them when they come first, so only a fixed summation order gives one figure
        List<ImageGenerated> images = new ArrayList<>();
        images.add(generated("fp8", 0, 0, 1L << 60, "cuda:0"));
        for (int prompt = 1; prompt <= 300; prompt++) {
            images.add(generated("fp8", prompt, 0, 1, "cuda:" + prompt % 3));
        }
        var first = GenerationTimes.of(images);
        var random = new Random(7);
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            Collections.shuffle(images, random);
            assertEquals(first, GenerationTimes.of(images), "shuffle " + shuffle);
        }
        assertEquals(List.of("cuda:0", "cuda:1", "cuda:2"), first.devices("fp8"));
    }

    @Test
    void timingsAsLargeAsTheSchemaAllowsDoNotOverflow() {
        var times = GenerationTimes.of(List.of(generated("fp8", 0, 0, Long.MAX_VALUE, "cpu"),
                generated("fp8", 1, 0, Long.MAX_VALUE, "cpu")));
        assertEquals(Long.MAX_VALUE / 1000.0, times.secondsPerImage("fp8").getAsDouble(), Long.MAX_VALUE / 1e15);
    }

    @Test
    void theLedgerKeepsTheFirstImageOfARedeliveredTask() {
        var ledgers = new JobLedgers(10);
        ledgers.record("job-1", new JobLedgers.Result(Stage.GENERATE, "fp8.p.0.1000", generated("fp8", 0, 0, 400, "cpu")));
        ledgers.open(JobLedgerTest.STUDY, 2);
        ledgers.record("job-1", new JobLedgers.Result(Stage.GENERATE, "fp8.p.0.1000", generated("fp8", 0, 0, 900, "cpu")));
        var ledger = ledgers.find("job-1").orElseThrow();
        assertEquals(List.of(400L), ledgers.finished(ledger).images().stream().map(i -> i.timing().denoiseMs()).toList(),
                "the early image is replayed into the ledger and its repeat is not counted");
    }
}
