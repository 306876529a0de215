package dev.halftone.evaluation.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.evaluation.prompts.Prompt;
import dev.halftone.evaluation.prompts.PromptSetReader;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the installed Tesseract (Debian tesseract-ocr, tesseract-ocr-eng); no test double stands in for it. */
class TesseractOcrTest {

    /** The acceptance bound. */
    private static final double REQUIRED_EXACT_MATCH = 0.95;

    @Test
    void readsBenchmarkStyleSignsAtTheTinyModelsResolutionAndLarger() {
        List<String> targets = PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY).withOcrTargets().stream()
                .map(prompt -> prompt.ocrTarget().orElseThrow()).toList();
        assertEquals(48, targets.size());
        List<BufferedImage> images = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            // two styles at 128x64 (the halftone-tiny output size) and one at 256x128, rotating through five styles
            int[][] sizes = {{128, 64}, {128, 64}, {256, 128}};
            for (int v = 0; v < sizes.length; v++) {
                SignImages.Style style = SignImages.STYLES.get((i + 2 * v) % SignImages.STYLES.size());
                images.add(SignImages.render(targets.get(i), style, sizes[v][0], sizes[v][1]));
                expected.add(targets.get(i));
                labels.add(style.family() + "/" + style.fontStyle() + " " + sizes[v][0] + "x" + sizes[v][1]);
            }
        }
        List<String> readings = new TesseractOcr().readAll(images);
        List<OcrScore> scores = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            OcrScore score = OcrScore.of(expected.get(i), readings.get(i));
            scores.add(score);
            if (!score.exactMatch()) {
                misses.add(expected.get(i) + " -> '" + readings.get(i) + "' (" + labels.get(i) + ")");
            }
        }
        OcrSummary summary = OcrSummary.of(scores);
        System.out.printf("tesseract on %d synthetic signs: exact match %.4f, mean NED %.4f, misses %s%n",
                summary.n(), summary.exactMatchRate(), summary.meanNed(), misses);
        assertTrue(summary.exactMatchRate() >= REQUIRED_EXACT_MATCH,
                "exact match " + summary.exactMatchRate() + " below " + REQUIRED_EXACT_MATCH + "; misses: " + misses);
    }

    @Test
    void blankPromptSetTargetsAreNotInTheOcrBenchmark() {
        List<Prompt> general = PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY).prompts().stream()
                .filter(prompt -> !prompt.rendersText()).toList();
        assertEquals(72, general.size());
        assertTrue(general.stream().allMatch(prompt -> prompt.ocrTarget().isEmpty()));
    }

    @Test
    void smallImagesAreUpscaledByAnIntegerFactor() {
        TesseractOcr ocr = new TesseractOcr();
        BufferedImage upscaled = ocr.upscaled(new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB));
        assertEquals(256, upscaled.getWidth());
        assertEquals(128, upscaled.getHeight());
        BufferedImage kept = ocr.upscaled(new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB));
        assertEquals(1024, kept.getHeight());
    }

    @Test
    void aMissingExecutableIsNamed() {
        TesseractOcr ocr = new TesseractOcr(TesseractOptions.DEFAULTS.withExecutable("/nonexistent/tesseract"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ocr.read(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB)));
        assertTrue(e.getMessage().contains("/nonexistent/tesseract"), e.getMessage());
    }

    @Test
    void describesTheEngineVersion() {
        assertTrue(new TesseractOcr().description().startsWith("tesseract 5"), new TesseractOcr().description());
    }
}
