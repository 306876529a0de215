package dev.halftone.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.schemas.VariantReady;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTablesTest {

    private static ImageScored scored(String variant, int prompt, Map<String, Double> metrics) {
        return new ImageScored("job-1", variant + ".p." + prompt + ".1000", variant, "p", prompt, 1000,
                new ObjectLocation("halftone-images", "jobs/job-1/" + variant + "/p/" + prompt + "-1000.png"), metrics);
    }

    @Test
    void averagesEachMetricPerVariantInTheStudysOrder() {
        var ready = List.of(new VariantReady("job-1", "nf4", VariantFormat.NF4, new ObjectLocation("halftone-variants", "jobs/job-1/nf4"), 100, 4.5));
        var scores = List.of(
                scored("nf4", 0, Map.of("psnr", 20.0, "ssim", 0.5)),
                scored("nf4", 1, Map.of("psnr", 30.0, "ssim", 0.7)),
                scored("fp8", 0, Map.of("ocrNed", 0.25)),
                scored("fp8", 1, Map.of("ocrNed", 0.75)));
        var times = GenerationTimes.of(List.of(GenerationTimesTest.generated("nf4", 0, 5_000, 300, "cuda:0"),
                GenerationTimesTest.generated("nf4", 1, 0, 500, "cuda:0")));
        var tables = ReportTables.of(JobLedgerTest.STUDY, ready, times, scores);
        assertEquals(List.of("fp8", "nf4"), tables.variants().stream().map(ReportTables.Row::variant).toList());
        assertEquals(Map.of("ocrNed", 0.5), tables.variants().get(0).means());
        assertEquals(25.0, tables.variants().get(1).means().get("psnr"), 1e-12);
        assertEquals(0.6, tables.variants().get(1).means().get("ssim"), 1e-12);
        assertEquals(100, tables.variants().get(1).bytesOnDisk());
        assertEquals(0.4, tables.variants().get(1).secondsPerImage(), 1e-12);
        assertEquals(List.of("cuda:0"), tables.variants().get(1).devices());
        assertNull(tables.variants().get(0).secondsPerImage(), "no fp8 image.generated was seen");
        assertEquals(List.of("ocrNed", "psnr", "ssim"), tables.metrics());
    }

    @Test
    void comparesEachVariantWithTheReferenceOnSharedStandaloneMetricsOnly() {
        var scores = List.of(
                scored("fp8", 0, Map.of("ocrNed", 0.2, "ssim", 1.0)),
                scored("fp8", 1, Map.of("ocrNed", 0.4, "ssim", 1.0)),
                scored("nf4", 0, Map.of("ocrNed", 0.5, "ssim", 0.6)),
                scored("nf4", 1, Map.of("ocrNed", 0.7, "ssim", 0.8)));
        var comparisons = ReportTables.of(JobLedgerTest.STUDY, List.of(), GenerationTimes.of(List.of()), scores).comparisons();
        assertEquals(1, comparisons.size(), "fidelity to the reference is not compared with the reference");
        var ocr = comparisons.getFirst();
        assertEquals("nf4", ocr.variant());
        assertEquals("ocrNed", ocr.metric());
        assertEquals(0.3, ocr.paired().meanDelta(), 1e-12, "every pair differs by 0.3");
        assertEquals(2, ocr.paired().n());
    }
}
