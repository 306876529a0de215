package dev.halftone.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.evaluation.report.AblationRow;
import dev.halftone.evaluation.report.Metric;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.LayerProtection;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AblationRowsTest {
    private static final Variant FP8 = new Variant("fp8", Recipe.of(VariantFormat.FP8_REFERENCE));

    private static Variant int8(String name, boolean smoothQuant, Integer topK) {
        return new Variant(name, Recipe.int8(0.5, smoothQuant, topK == null ? null : LayerProtection.topK(topK)));
    }

    /** Two images a variant; SSIM = base, base + 0.1 (so the mean is base + 0.05). */
    private static List<ImageScored> ssim(Map<String, Double> base) {
        List<ImageScored> scores = new ArrayList<>();
        base.forEach((variant, value) -> {
            for (int prompt = 0; prompt < 2; prompt++) {
                scores.add(new ImageScored("job-1", variant + ".p." + prompt + ".1000", variant, "p", prompt, 1000,
                        new ObjectLocation("halftone-images", "jobs/job-1/" + variant + "/" + prompt + ".png"),
                        Map.of("ssim", value + 0.1 * prompt, "ocrNed", 0.5)));
            }
        });
        return scores;
    }

    @Test
    void theAblationPresetGivesFourRowsInThePapersOrder() {
        var variants = List.of(FP8, int8("int8-both", true, 2), int8("int8-naive", false, null),
                int8("int8-protection", false, 2), int8("int8-smoothquant", true, null));
        var table = AblationRows.of(variants, ssim(Map.of("fp8", 1.0, "int8-naive", 0.5, "int8-smoothquant", 0.7,
                "int8-protection", 0.6, "int8-both", 0.8))).orElseThrow();
        assertEquals(Metric.SSIM, table.metric(), "no Pick or CLIP was scored");
        assertEquals(List.of(
                new AblationRow("Naive W8A8, int8-naive", -1, 0.55, false),
                new AblationRow("+ SmoothQuant (alpha 0.5), int8-smoothquant", -1, 0.75, false),
                new AblationRow("+ Protection (top-2 in bf16), int8-protection", -1, 0.65, false),
                new AblationRow("+ Both (alpha 0.5, top-2 in bf16), int8-both", -1, 0.85, false)),
                rounded(table.rows()));
    }

    @Test
    void theLadderPresetGivesRungsByK() {
        var variants = List.of(FP8, int8("int8-top2", true, 2), int8("int8-top0", true, 0), int8("int8-top1", true, 1));
        var table = AblationRows.of(variants, ssim(Map.of("int8-top0", 0.7, "int8-top1", 0.75, "int8-top2", 0.8)))
                .orElseThrow();
        assertEquals(List.of(new AblationRow("int8-top0", 0, 0.75, false), new AblationRow("int8-top1", 1, 0.8, false),
                new AblationRow("int8-top2", 2, 0.85, false)), rounded(table.rows()));
        assertTrue(table.rows().stream().allMatch(AblationRow::isLadderRung));
    }

    @Test
    void aStudyWithOneInt8VariantOrNoQualityMetricHasNoTable3() {
        var paper = List.of(FP8, int8("int8", true, 2), new Variant("nf4", Recipe.of(VariantFormat.NF4)));
        assertTrue(AblationRows.of(paper, ssim(Map.of("int8", 0.8, "nf4", 0.6))).isEmpty());
        var ocrOnly = new ArrayList<ImageScored>();
        for (ImageScored s : ssim(Map.of("a", 0.5, "b", 0.6))) {
            ocrOnly.add(new ImageScored(s.jobId(), s.taskId(), s.variant(), s.promptSet(), s.promptIndex(), s.seed(),
                    s.image(), Map.of("ocrNed", 0.5)));
        }
        assertTrue(AblationRows.of(List.of(FP8, int8("a", false, null), int8("b", true, null)), ocrOnly).isEmpty(),
                "OCR is not a Table 3 metric");
    }

    private static List<AblationRow> rounded(List<AblationRow> rows) {
        return rows.stream().map(r -> new AblationRow(r.configuration(), r.protectedLayers(),
                Math.round(r.value() * 1e9) / 1e9, r.chosen())).toList();
    }
}
