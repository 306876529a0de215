package dev.halftone.tinymodel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * halftone-tiny's text benchmark and general set. The text prompts are drawn from the training templates and
 * vocabulary (a smoke model is asked for words it has seen; its renders, colours and noise are new), in equal
 * numbers per text category; every prompt is sampled with the paper's single seed, 1000.
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

    /** The text benchmark: distinct vocabulary texts, categories in turn SIGN, WORD, LABEL. */
    public static List<BenchmarkPrompt> textPrompts(Vocabulary vocabulary) {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(PROMPT_SEED, vocabulary);
        List<String> texts = new ArrayList<>(vocabulary.texts());
        SplittableRandom random = new SplittableRandom(PROMPT_SEED);
        SampleCategory[] categories = {SampleCategory.SIGN, SampleCategory.WORD, SampleCategory.LABEL};
        List<BenchmarkPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < TEXT_PROMPTS; i++) {
            String text = texts.remove(random.nextInt(texts.size()));
            SyntheticSample render = generator.textSample(categories[i % categories.length], text, INDEX_BASE + i);
            prompts.add(new BenchmarkPrompt(render.prompt(), render.category(), text, SAMPLER_SEED));
        }
        return prompts;
    }

    /** The general set: shape scenes with distinct captions. */
    public static List<BenchmarkPrompt> generalPrompts(Vocabulary vocabulary) {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(PROMPT_SEED, vocabulary);
        List<BenchmarkPrompt> prompts = new ArrayList<>();
        for (long index = INDEX_BASE; prompts.size() < GENERAL_PROMPTS; index++) {
            SyntheticSample sample = generator.sample(index);
            boolean fresh = prompts.stream().noneMatch(p -> p.prompt().equals(sample.prompt()));
            if (sample.category() == SampleCategory.SHAPES && fresh) {
                prompts.add(new BenchmarkPrompt(sample.prompt(), SampleCategory.SHAPES, "", SAMPLER_SEED));
            }
        }
        return prompts;
    }
}
