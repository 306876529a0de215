package dev.halftone.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.evaluation.stats.FragilityRanking;
import dev.halftone.evaluation.stats.LayerTrace;
import dev.halftone.evaluation.stats.PairedBootstrap;
import dev.halftone.evaluation.stats.PairedComparison;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportTest {

    @TempDir
    Path dir;

    private static final List<VariantInfo> VARIANTS = List.of(
            new VariantInfo("fp8", "FP8", 18_600_000_000L, 8.0, OptionalDouble.of(172.9)),
            new VariantInfo("nf4", "NF4", 10_400_000_000L, 4.5, OptionalDouble.of(0.41234)),
            new VariantInfo("int8", "INT8 (ours)", 18_600_000_000L, 8.0, OptionalDouble.empty()),
            new VariantInfo("q4k", "Q4_K (ours)", 10_440_000_000L, 4.5, OptionalDouble.of(203.3)));

    /** CLIP per prompt: fp8 17.0 + i/10, nf4 2 lower, int8 equal to fp8 but for noise, q4k 1 higher. */
    private StudyResults study() throws IOException {
        List<ImageScores> scores = new ArrayList<>();
        for (String variant : List.of("fp8", "nf4", "int8", "q4k")) {
            double offset = switch (variant) {
                case "nf4" -> -2;
                case "q4k" -> 1;
                default -> 0;
            };
            for (int i = 0; i < 20; i++) {
                double noise = variant.equals("int8") ? (i % 2 == 0 ? 0.01 : -0.01) : 0;
                Path image = png(variant + "-" + i + ".png", i * 10);
                scores.add(new ImageScores(variant, "shape-" + i, "shapes", 1000, Optional.of(image), Map.of(
                        Metric.CLIP, 17.0 + i / 10.0 + offset + noise, Metric.PSNR, 20.0 + i, Metric.SSIM, 0.7,
                        Metric.LPIPS, 0.3)));
            }
            for (int i = 0; i < 4; i++) {
                boolean exact = i < (variant.equals("nf4") ? 1 : 3);
                scores.add(new ImageScores(variant, "sign-" + i, i < 2 ? "signage" : "numbers", 1000, Optional.empty(),
                        Map.of(Metric.OCR_NED, exact ? 0.0 : 0.5, Metric.OCR_EXACT, exact ? 1.0 : 0.0)));
            }
        }
        FragilityRanking ranking = FragilityRanking.of(List.of(
                new LayerTrace("layers.0.feed_forward.w2", new double[] {40, 30}, new double[2], new double[] {30, 50}),
                new LayerTrace("layers.0.attention.qkv", new double[] {5, 8}, new double[2], new double[] {3, 4})));
        return new StudyResults("Halftone test study", "fp8", VARIANTS, scores,
                Map.of(Metric.PICK, "no PickScore model folder was given (--pick-model)"),
                List.of(new PairRequest("fp8", "int8", Metric.CLIP), new PairRequest("nf4", "int8", Metric.CLIP),
                        new PairRequest("nf4", "q4k", Metric.PICK)),
                Metric.CLIP, List.of(new AblationRow("Naive W8A8", -1, 14.30, false),
                        new AblationRow("+ Both (final recipe)", -1, 17.54, false), new AblationRow("", 8, 16.01, false),
                        new AblationRow("", 17, 17.42, true)),
                Optional.of(ranking), List.of());
    }

    @Test
    void markdownHasEveryTableWithComputedValues() throws IOException {
        StudyReport report = StudyReport.of(study());
        String md = report.markdown();
        assertTrue(md.contains("| Variant | Pick | CLIP | OCR NED | OCR exact match | s/image | Size (GB) | Bits/weight |"), md);
        // fp8 CLIP mean: 17 + mean(i/10, i<20) = 17.95; INT8 has no measured s/image
        assertTrue(md.contains("| FP8 (ref) | n/a | 17.95 | 0.125 | 0.750 | 172.9 | 18.60 | 8.00 |"), md);
        assertTrue(md.contains("| INT8 (ours) | n/a | 17.95 | 0.125 | 0.750 | n/a | 18.60 | 8.00 |"), md);
        // a small model's sub-second time keeps three significant figures
        assertTrue(md.contains("| NF4 | n/a | 15.95 | 0.375 | 0.250 | 0.412 | 10.40 | 4.50 |"), md);
        assertTrue(md.contains("| NF4 | 29.50 | 0.700 | 0.300 | 20 |"), md);
        assertFalse(md.contains("| FP8 | 29.50"), "the reference has no row in Table 2");
        assertTrue(md.contains("**Pick**: no PickScore model folder was given (--pick-model)"), md);
        assertTrue(md.contains("| Protection ladder, top-17 in bf16 (chosen) | 17.42 |"), md);
        assertTrue(md.contains("| NF4 | numbers | 2 | 0.000 | 0.500 |"), md);
        assertTrue(md.contains("Spearman rho between early- and late-half scores over all 2 layers: 1.000"), md);
        assertTrue(md.contains("| Q4_K (ours) vs NF4 | Pick | n/a | n/a | n/a | Pick unavailable"), md);
        assertTrue(md.contains("![Pareto plot](pareto.svg)"), md);
        assertTrue(md.contains("shape-0 | 1000 | ![]("), md);
    }

    @Test
    void pairedRowsComeFromTheBootstrapOverSharedPrompts() throws IOException {
        StudyTables tables = StudyReport.of(study()).tables();
        PairedComparison int8VsNf4 = tables.pairs().get(1).comparison().orElseThrow();
        assertEquals(24 - 4, int8VsNf4.n(), "OCR-only prompts have no CLIP score");
        assertEquals(2.0, int8VsNf4.meanDelta(), 1e-9);
        assertTrue(int8VsNf4.excludesZero());
        PairedComparison int8VsFp8 = tables.pairs().getFirst().comparison().orElseThrow();
        assertFalse(int8VsFp8.excludesZero(), int8VsFp8.toString());
        assertEquals(new PairedBootstrap().compare(new double[] {1, 2, 3}, new double[] {1, 2, 4}),
                new PairedBootstrap().compare(new double[] {1, 2, 3}, new double[] {1, 2, 4}));
    }

    @Test
    void htmlIsSelfContained() throws IOException {
        StudyReport report = StudyReport.of(study());
        report.write(dir.resolve("out"));
        String html = Files.readString(dir.resolve("out/report.html"));
        assertTrue(html.contains("<svg") && html.contains("class=\"frontier\""), "inline Pareto plot");
        assertTrue(html.contains("src=\"data:image/png;base64,"), "inline images");
        assertFalse(html.contains("<link") || html.contains("<script") || html.contains("src=\"http")
                || html.contains("src=\"/"), "no external resources");
        assertTrue(html.contains("<td>n/a</td>"));
        assertTrue(Files.readString(dir.resolve("out/pareto.svg")).startsWith("<svg"));
        assertTrue(Files.exists(dir.resolve("out/report.md")));
    }

    @Test
    void paretoFrontierKeepsOnlyUndominatedVariants() {
        List<ParetoPlot.Point> points = List.of(new ParetoPlot.Point("FP8", 18.6, 18.97),
                new ParetoPlot.Point("NF4", 10.4, 18.50), new ParetoPlot.Point("INT8", 18.6, 18.96),
                new ParetoPlot.Point("Q4_K", 10.44, 19.46), new ParetoPlot.Point("Q8_0", 19.7, 19.6));
        assertEquals(List.of("NF4", "Q4_K", "Q8_0"),
                ParetoPlot.frontier(points, true).stream().map(ParetoPlot.Point::label).toList());
        assertEquals(List.of("NF4"), ParetoPlot.frontier(points, false).stream().map(ParetoPlot.Point::label).toList());
    }

    @Test
    void inconsistentStudiesAreRejected() throws IOException {
        StudyResults valid = study();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StudyResults("s", "bf16",
                VARIANTS, List.of(), Map.of(), List.of(), Metric.CLIP, List.of(), Optional.empty(), List.of()));
        assertTrue(e.getMessage().contains("bf16"), e.getMessage());
        List<ImageScores> duplicated = new ArrayList<>(valid.scores());
        duplicated.add(valid.scores().getFirst());
        e = assertThrows(IllegalArgumentException.class, () -> new StudyResults("s", "fp8", VARIANTS, duplicated,
                Map.of(), List.of(), Metric.CLIP, List.of(), Optional.empty(), List.of()));
        assertTrue(e.getMessage().contains("two score records"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StudyResults("s", "fp8", VARIANTS, List.of(),
                Map.of(), List.of(new PairRequest("fp8", "w4a4", Metric.CLIP)), Metric.CLIP, List.of(),
                Optional.empty(), List.of()));
        assertTrue(e.getMessage().contains("w4a4"), e.getMessage());
    }

    private Path png(String name, int shade) throws IOException {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, shade << 16);
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
