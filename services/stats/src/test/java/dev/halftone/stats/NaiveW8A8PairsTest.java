package dev.halftone.stats;

import dev.halftone.evaluation.report.Metric;
import dev.halftone.evaluation.report.PairRequest;
import dev.halftone.schemas.LayerProtection;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NaiveW8A8PairsTest {

    private static final Variant FP8 = new Variant("fp8", Recipe.of(VariantFormat.FP8_REFERENCE));
    private static final Variant NF4 = new Variant("nf4", Recipe.of(VariantFormat.NF4));
    private static final Variant RECIPE = new Variant("int8", Recipe.int8(0.5, true, LayerProtection.topK(4)));
    private static final Variant PROTECTED_ONLY = new Variant("int8-protection", Recipe.int8(0.5, false, LayerProtection.topK(4)));

    @Test
    void everySmoothedOrProtectedInt8VariantIsPairedWithTheNaiveOneOnEveryMetric() {
        var naive = new Variant("int8-naive", Recipe.int8(0.5, false, null));
        var pairs = StudyReportWriter.againstNaiveW8A8(List.of(FP8, NF4, naive, RECIPE, PROTECTED_ONLY),
                Set.of(Metric.SSIM, Metric.OCR_EXACT));
        assertEquals(Set.of(
                new PairRequest("int8-naive", "int8", Metric.SSIM), new PairRequest("int8-naive", "int8", Metric.OCR_EXACT),
                new PairRequest("int8-naive", "int8-protection", Metric.SSIM),
                new PairRequest("int8-naive", "int8-protection", Metric.OCR_EXACT)), Set.copyOf(pairs));
    }

    @Test
    void zeroProtectedLayersWithoutSmoothingIsNaive() {
        var topZero = new Variant("int8-top0", Recipe.int8(0.5, false, LayerProtection.topK(0)));
        var emptyList = new Variant("int8-none", Recipe.int8(0.5, false, LayerProtection.layers(List.of())));
        assertEquals(List.of(new PairRequest("int8-top0", "int8", Metric.SSIM)),
                StudyReportWriter.againstNaiveW8A8(List.of(topZero, RECIPE), Set.of(Metric.SSIM)));
        assertEquals(List.of(new PairRequest("int8-none", "int8", Metric.SSIM)),
                StudyReportWriter.againstNaiveW8A8(List.of(emptyList, RECIPE), Set.of(Metric.SSIM)));
    }

    @Test
    void aStudyWithoutNaiveW8A8HasNoSuchPairs() {
        assertEquals(List.of(), StudyReportWriter.againstNaiveW8A8(List.of(FP8, RECIPE, PROTECTED_ONLY), Set.of(Metric.SSIM)));
    }
}
