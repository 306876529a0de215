package dev.halftone.evaluation.prompts;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The three disjoint prompt sets of a study; no prompt id appears in two of them. */
public record PromptSplit(List<Prompt> calibration, List<Prompt> quality, List<Prompt> text) {

    public PromptSplit {
        calibration = List.copyOf(calibration);
        quality = List.copyOf(quality);
        text = List.copyOf(text);
        Set<String> seen = new HashSet<>();
        for (List<Prompt> set : List.of(calibration, quality, text)) {
            for (Prompt prompt : set) {
                if (!seen.add(prompt.id())) {
                    throw new IllegalArgumentException("prompt " + prompt.id() + " is in more than one set of the split");
                }
            }
        }
    }
}
