package dev.halftone.tinymodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * halftone-tiny's own text benchmark and general set. The text prompts are drawn from the training templates and
 * vocabulary (a smoke model is asked for texts it has seen; its renders, colours and noise are new), in equal
 * numbers per category; every prompt is sampled with the paper's single seed, 1000.
 */
public final class TinyBenchmark {
    public static final long SAMPLER_SEED = 1000;
    public static final int TEXT_PROMPTS = 60;
    public static final int GENERAL_PROMPTS = 12;
    /** Seeds the draws of prompts; independent of any training seed. */
    private static final long PROMPT_SEED = 20261125;
    /** Sample indices far from any training index, so benchmark captions come from their own streams. */
    private static final long INDEX_BASE = 1L << 40;

    private TinyBenchmark() {
    }

    /** The text benchmark: distinct texts, categories in turn SIGNAGE, LABELS, WORDS, NUMBERS. */
    public static List<BenchmarkPrompt> textPrompts(Vocabulary vocabulary) {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(PROMPT_SEED, vocabulary);
        List<String> words = new ArrayList<>(vocabulary.words());
        List<String> numbers = new ArrayList<>(vocabulary.numbers());
        SplittableRandom random = new SplittableRandom(PROMPT_SEED);
        List<SampleCategory> categories = Arrays.stream(SampleCategory.values()).filter(SampleCategory::hasText).toList();
        List<BenchmarkPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < TEXT_PROMPTS; i++) {
            SampleCategory category = categories.get(i % categories.size());
            List<String> pool = category == SampleCategory.NUMBERS ? numbers : words;
            String text = pool.remove(random.nextInt(pool.size()));
            SyntheticSample render = generator.textSample(category, text, INDEX_BASE + i);
            prompts.add(new BenchmarkPrompt(render.prompt(), category, text, SAMPLER_SEED));
        }
        return prompts;
    }

    /** The general set: scenes of the categories without text in turn, with distinct captions. */
    public static List<BenchmarkPrompt> generalPrompts(Vocabulary vocabulary) {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(PROMPT_SEED, vocabulary);
        List<SampleCategory> categories = Arrays.stream(SampleCategory.values()).filter(c -> !c.hasText()).toList();
        List<BenchmarkPrompt> prompts = new ArrayList<>();
        for (long index = INDEX_BASE; prompts.size() < GENERAL_PROMPTS; index++) {
            SampleCategory category = categories.get(prompts.size() % categories.size());
            SyntheticSample sample = generator.sceneSample(category, index);
            if (prompts.stream().noneMatch(p -> p.prompt().equals(sample.prompt()))) {
                prompts.add(new BenchmarkPrompt(sample.prompt(), category, "", SAMPLER_SEED));
            }
        }
        return prompts;
    }
}
