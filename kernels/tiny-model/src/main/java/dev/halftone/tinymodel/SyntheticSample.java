package dev.halftone.tinymodel;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One rendered training or benchmark sample.
 *
 * @param prompt   the caption the conditional branch is trained on
 * @param category what the image shows
 * @param text     the text the image spells, empty for {@link SampleCategory#SHAPES}
 * @param image    the render, {@link SyntheticDataGenerator#IMAGE_WIDTH} x {@link SyntheticDataGenerator#IMAGE_HEIGHT} RGB
 */
public record SyntheticSample(String prompt, SampleCategory category, String text, BufferedImage image) {
    public SyntheticSample {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(image, "image");
        if (category.hasText() == text.isEmpty()) {
            throw new IllegalArgumentException("text must be set exactly for text categories, got '" + text
                    + "' for " + category);
        }
    }
}
