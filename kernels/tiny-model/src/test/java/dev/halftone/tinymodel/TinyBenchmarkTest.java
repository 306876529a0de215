package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TinyBenchmarkTest {
    private static final Vocabulary VOCABULARY = Vocabulary.bundled();

    @Test
    void textPromptsAreDistinctVocabularyTextsInEqualCategoryShares() {
        List<BenchmarkPrompt> prompts = TinyBenchmark.textPrompts(VOCABULARY);
        assertEquals(TinyBenchmark.TEXT_PROMPTS, prompts.size());
        assertEquals(prompts.size(), prompts.stream().map(BenchmarkPrompt::text).distinct().count());
        for (SampleCategory category : List.of(SampleCategory.SIGNAGE, SampleCategory.LABELS, SampleCategory.WORDS,
                SampleCategory.NUMBERS)) {
            assertEquals(TinyBenchmark.TEXT_PROMPTS / 4, prompts.stream().filter(p -> p.category() == category).count());
        }
        for (BenchmarkPrompt prompt : prompts) {
            List<String> pool = prompt.category() == SampleCategory.NUMBERS ? VOCABULARY.numbers() : VOCABULARY.words();
            assertTrue(pool.contains(prompt.text()), prompt.text());
            assertTrue(prompt.prompt().contains("\"" + prompt.text() + "\""), prompt.prompt());
            assertEquals(TinyBenchmark.SAMPLER_SEED, prompt.seed());
        }
    }

    @Test
    void benchmarkIsTheSameOnEveryCall() {
        assertEquals(TinyBenchmark.textPrompts(VOCABULARY), TinyBenchmark.textPrompts(VOCABULARY));
        assertEquals(TinyBenchmark.generalPrompts(VOCABULARY), TinyBenchmark.generalPrompts(VOCABULARY));
    }

    @Test
    void generalPromptsAreDistinctScenesOfEveryCategoryWithoutText() {
        List<BenchmarkPrompt> prompts = TinyBenchmark.generalPrompts(VOCABULARY);
        assertEquals(TinyBenchmark.GENERAL_PROMPTS, prompts.size());
        assertEquals(prompts.size(), prompts.stream().map(BenchmarkPrompt::prompt).distinct().count());
        assertTrue(prompts.stream().allMatch(p -> !p.category().hasText() && p.text().isEmpty()));
        assertEquals(4, prompts.stream().map(BenchmarkPrompt::category).distinct().count());
    }
}
