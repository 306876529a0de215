package dev.halftone.evaluation.prompts;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named, ordered list of prompts with unique ids; never empty.
 *
 * @param source where the prompts came from (a file path or resource name), quoted by errors
 */
public record PromptSet(String source, List<Prompt> prompts) {

    public PromptSet {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("prompt set " + source + " is empty");
        }
        Set<String> ids = new HashSet<>();
        for (Prompt prompt : prompts) {
            if (!ids.add(prompt.id())) {
                throw new IllegalArgumentException("prompt set " + source + " has duplicate id " + prompt.id());
            }
        }
    }

    public int size() {
        return prompts.size();
    }

    public List<Prompt> withOcrTargets() {
        return prompts.stream().filter(prompt -> prompt.ocrTarget().isPresent()).toList();
    }
}
