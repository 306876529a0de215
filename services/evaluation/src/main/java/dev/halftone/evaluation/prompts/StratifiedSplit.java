package dev.halftone.evaluation.prompts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A deterministic, seeded, category-stratified split of a prompt set into disjoint calibration, quality and text
 * sets (paper §4, "Prompts and protocol").
 *
 * <p>Text prompts ({@link Prompt#rendersText()}) feed only the text set; the others feed quality first and
 * calibration from what quality left, so calibration never overlaps evaluation. Each set is a stratified sample:
 * categories get quotas proportional to their size (floors, then the largest remainders, ties by category name),
 * and within a category prompts are sorted by id and shuffled by Fisher-Yates with {@link Random} seeded from the
 * split's seed. The result depends only on the prompts, the sizes and the seed, not on the file's row order.
 */
public final class StratifiedSplit {

    private StratifiedSplit() {
    }

    public static PromptSplit split(PromptSet set, SplitSizes sizes, long seed) {
        List<Prompt> textPrompts = set.prompts().stream().filter(Prompt::rendersText).toList();
        List<Prompt> general = set.prompts().stream().filter(prompt -> !prompt.rendersText()).toList();
        Random random = new Random(seed);
        List<Prompt> text = sample(textPrompts, sizes.text(), random, set.source() + " (text prompts)");
        List<Prompt> quality = sample(general, sizes.quality(), random, set.source() + " (general prompts)");
        Set<String> taken = quality.stream().map(Prompt::id).collect(Collectors.toCollection(HashSet::new));
        List<Prompt> rest = general.stream().filter(prompt -> !taken.contains(prompt.id())).toList();
        List<Prompt> calibration = sample(rest, sizes.calibration(), random,
                set.source() + " (general prompts left after the quality set)");
        return new PromptSplit(calibration, quality, text);
    }

    static List<Prompt> sample(List<Prompt> pool, int size, Random random, String poolName) {
        if (size > pool.size()) {
            throw new IllegalArgumentException("cannot draw " + size + " prompts from " + poolName + ": it has "
                    + pool.size());
        }
        Map<String, List<Prompt>> byCategory = new TreeMap<>();
        for (Prompt prompt : pool) {
            byCategory.computeIfAbsent(prompt.category(), category -> new ArrayList<>()).add(prompt);
        }
        Map<String, Integer> quotas = quotas(byCategory, size, pool.size());
        List<Prompt> sample = new ArrayList<>();
        for (Map.Entry<String, List<Prompt>> entry : byCategory.entrySet()) {
            List<Prompt> members = new ArrayList<>(entry.getValue());
            members.sort(Comparator.comparing(Prompt::id));
            shuffle(members, random);
            sample.addAll(members.subList(0, quotas.get(entry.getKey())));
        }
        return sample;
    }

    /** Largest-remainder (Hamilton) apportionment of {@code size} over the categories. */
    private static Map<String, Integer> quotas(Map<String, List<Prompt>> byCategory, int size, int total) {
        Map<String, Integer> quotas = new TreeMap<>();
        List<String> byRemainder = new ArrayList<>(byCategory.keySet());
        int assigned = 0;
        for (Map.Entry<String, List<Prompt>> entry : byCategory.entrySet()) {
            int quota = (int) ((long) size * entry.getValue().size() / total);
            quotas.put(entry.getKey(), quota);
            assigned += quota;
        }
        // remainder of category c is (size * n_c) mod total; sort descending, ties by name (the list is sorted)
        byRemainder.sort(Comparator.comparingLong(
                (String category) -> (long) size * byCategory.get(category).size() % total).reversed());
        for (int i = 0; i < size - assigned; i++) {
            quotas.merge(byRemainder.get(i), 1, Integer::sum);
        }
        return quotas;
    }

    private static void shuffle(List<Prompt> members, Random random) {
        for (int i = members.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Prompt swap = members.get(i);
            members.set(i, members.get(j));
            members.set(j, swap);
        }
    }
}
