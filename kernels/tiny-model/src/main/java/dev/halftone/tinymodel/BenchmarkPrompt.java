package dev.halftone.tinymodel;

import java.util.Objects;

/**
 * One prompt of halftone-tiny's own benchmarks, sampled with one seed.
 *
 * @param prompt   the caption
 * @param category what the prompt asks for
 * @param text     the OCR target, empty for the general (shapes) set
 * @param seed     the sampler seed
 */
public record BenchmarkPrompt(String prompt, SampleCategory category, String text, long seed) {
    public BenchmarkPrompt {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        if (category.hasText() == text.isEmpty()) {
            throw new IllegalArgumentException("text must be set exactly for text categories");
        }
    }

    String toJson() {
        return "{\"prompt\": " + JsonText.quote(prompt) + ", \"category\": " + JsonText.quote(category.name())
                + ", \"text\": " + JsonText.quote(text) + ", \"seed\": " + seed + "}";
    }
}
