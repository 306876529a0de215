package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #9's first acceptance: Tesseract reads the training renders themselves with at least 95% exact match.
 * Needs the {@code tesseract} program (Debian tesseract-ocr, tesseract-ocr-eng); without it the test fails.
 */
class TrainingRenderLegibilityTest {
    /** The seed the shipped model was trained on (docs/tiny-model.md). */
    private static final long TRAINING_SEED = 1;
    private static final int RENDERS = 240;
    private static final double REQUIRED_EXACT_MATCH = 0.95;

    @Test
    void tesseractReadsTheTrainingRenders() {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(TRAINING_SEED, Vocabulary.bundled());
        List<BufferedImage> images = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<SampleCategory> categories = new ArrayList<>();
        for (int i = 0; images.size() < RENDERS; i++) {
            SyntheticSample sample = generator.sample(i);
            if (sample.category().hasText()) {
                images.add(sample.image());
                targets.add(sample.text());
                categories.add(sample.category());
            }
        }
        List<String> readings = new TesseractReader().read(images);
        OcrScore score = OcrScore.of(targets, readings);
        Map<SampleCategory, Integer> misses = new EnumMap<>(SampleCategory.class);
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            if (!OcrScore.normalise(targets.get(i)).equals(OcrScore.normalise(readings.get(i)))) {
                misses.merge(categories.get(i), 1, Integer::sum);
                report.append("\n  ").append(targets.get(i)).append(" read as '").append(readings.get(i)).append("'");
            }
        }
        assertTrue(score.exactMatch() >= REQUIRED_EXACT_MATCH, "exact match " + score.exactMatch() + " < "
                + REQUIRED_EXACT_MATCH + ", misses by category " + misses + ":" + report);
    }
}
