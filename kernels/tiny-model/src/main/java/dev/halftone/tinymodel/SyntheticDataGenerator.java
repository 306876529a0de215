package dev.halftone.tinymodel;

import java.util.List;
import java.util.SplittableRandom;

/**
 * halftone-tiny's training data: sample {@code i} of seed {@code s} is a pure function of (VERSION, s, i), drawn
 * from its own random stream, so any slice of the dataset can be regenerated alone.
 */
public final class SyntheticDataGenerator {
    /**
     * Bump whenever any render or caption changes; recorded beside the data and the trained weights. Version 1
     * (commit 4a5795f) made the data of the first shipped weights; version 2 follows the evaluation service's
     * halftone-tiny prompt set (its templates, categories, texts, shapes and backgrounds).
     */
    public static final int VERSION = 2;
    public static final int IMAGE_WIDTH = 128;
    public static final int IMAGE_HEIGHT = 64;
    /** Share of samples per category, in percent, in {@link SampleCategory} order: text 72%, no text 28%. */
    private static final int[] CATEGORY_PERCENT = {18, 18, 18, 18, 7, 7, 7, 7};

    private final long seed;
    private final Vocabulary vocabulary;
    private final TextSceneRenderer textRenderer = new TextSceneRenderer();
    private final ShapeSceneRenderer shapeRenderer = new ShapeSceneRenderer();

    public SyntheticDataGenerator(long seed, Vocabulary vocabulary) {
        this.seed = seed;
        this.vocabulary = vocabulary;
    }

    /** Sample {@code index}: its category, then its text or shapes, then every rendering choice. */
    public SyntheticSample sample(long index) {
        SplittableRandom random = streamFor(index);
        SampleCategory category = category(random.nextInt(100));
        if (!category.hasText()) {
            return shapeRenderer.render(category, random);
        }
        List<String> texts = category == SampleCategory.NUMBERS ? vocabulary.numbers() : vocabulary.words();
        return textRenderer.render(category, texts.get(random.nextInt(texts.size())), random);
    }

    /** A render of a chosen text in a chosen text category (the benchmark's captions). */
    public SyntheticSample textSample(SampleCategory category, String text, long index) {
        return textRenderer.render(category, text, streamFor(index));
    }

    /** A scene of a chosen category without text (the benchmark's general set). */
    public SyntheticSample sceneSample(SampleCategory category, long index) {
        return shapeRenderer.render(category, streamFor(index));
    }

    private SplittableRandom streamFor(long index) {
        // SplittableRandom's seeding mixes the value, so adjacent indices give unrelated streams.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index + VERSION * 0xD1B54A32D192ED03L);
    }

    private static SampleCategory category(int percentile) {
        int cumulative = 0;
        for (SampleCategory category : SampleCategory.values()) {
            cumulative += CATEGORY_PERCENT[category.ordinal()];
            if (percentile < cumulative) {
                return category;
            }
        }
        throw new IllegalStateException("category shares sum to " + cumulative + ", not 100");
    }
}
