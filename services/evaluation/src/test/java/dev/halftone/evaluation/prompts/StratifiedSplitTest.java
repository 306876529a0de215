package dev.halftone.evaluation.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static final PromptSet TINY = PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY);

    @Test
    void setsAreDisjointSizedAndTyped() {
        PromptSplit split = StratifiedSplit.split(TINY, SplitSizes.HALFTONE_TINY, 1000);
        assertEquals(16, split.calibration().size());
        assertEquals(32, split.quality().size());
        assertEquals(32, split.text().size());
        Set<String> ids = new HashSet<>();
        Stream.of(split.calibration(), split.quality(), split.text()).flatMap(List::stream)
                .forEach(prompt -> assertTrue(ids.add(prompt.id()), "twice: " + prompt.id()));
        assertTrue(split.text().stream().allMatch(Prompt::rendersText));
        assertTrue(Stream.concat(split.quality().stream(), split.calibration().stream())
                .noneMatch(Prompt::rendersText));
    }

    @Test
    void categoriesGetProportionalQuotas() {
        PromptSplit split = StratifiedSplit.split(TINY, SplitSizes.HALFTONE_TINY, 1000);
        // 72 general prompts in four categories of 18: 32 -> 8 each; 48 text prompts in four of 12: 32 -> 8 each
        assertEquals(Map.of("shapes", 8L, "spatial", 8L, "counting", 8L, "colours", 8L), countByCategory(split.quality()));
        assertEquals(Map.of("signage", 8L, "labels", 8L, "single words", 8L, "numbers", 8L), countByCategory(split.text()));
        assertEquals(Map.of("shapes", 4L, "spatial", 4L, "counting", 4L, "colours", 4L),
                countByCategory(split.calibration()));
    }

    @Test
    void largestRemaindersFillUnevenQuotas() {
        List<Prompt> pool = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pool.add(general("a" + i, "a"));
        }
        for (int i = 0; i < 5; i++) {
            pool.add(general("b" + i, "b"));
        }
        for (int i = 0; i < 3; i++) {
            pool.add(general("c" + i, "c"));
        }
        // 7 of 18: exact quotas 3.89, 1.94, 1.17 -> floors 3, 1, 1; the two left go to the largest remainders,
        // b (0.94) then a (0.89), not c (0.17)
        List<Prompt> sample = StratifiedSplit.sample(pool, 7, new Random(1), "pool");
        assertEquals(Map.of("a", 4L, "b", 2L, "c", 1L), countByCategory(sample));
    }

    @Test
    void sameSeedSameSplitWhateverTheRowOrder() {
        PromptSplit first = StratifiedSplit.split(TINY, SplitSizes.HALFTONE_TINY, 1000);
        List<Prompt> shuffled = new ArrayList<>(TINY.prompts());
        Collections.shuffle(shuffled, new Random(99));
        PromptSplit again = StratifiedSplit.split(new PromptSet("shuffled", shuffled), SplitSizes.HALFTONE_TINY, 1000);
        assertEquals(ids(first.quality()), ids(again.quality()));
        assertEquals(ids(first.calibration()), ids(again.calibration()));
        assertEquals(ids(first.text()), ids(again.text()));
        PromptSplit other = StratifiedSplit.split(TINY, SplitSizes.HALFTONE_TINY, 1001);
        assertNotEquals(ids(first.quality()), ids(other.quality()));
    }

    @Test
    void tooFewPromptsIsAnErrorNamingThePool() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplit.split(TINY, new SplitSizes(40, 40, 10), 1));
        assertTrue(e.getMessage().contains("quality set") && e.getMessage().contains("40"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.split(TINY, new SplitSizes(0, 0, 49), 1));
        assertTrue(e.getMessage().contains("text prompts") && e.getMessage().contains("48"), e.getMessage());
    }

    private static Prompt general(String id, String category) {
        return new Prompt(id, "prompt " + id, category, "Basic", "", Optional.empty());
    }

    private static Map<String, Long> countByCategory(List<Prompt> prompts) {
        return prompts.stream().collect(Collectors.groupingBy(Prompt::category, Collectors.counting()));
    }

    private static List<String> ids(List<Prompt> prompts) {
        return prompts.stream().map(Prompt::id).toList();
    }
}
