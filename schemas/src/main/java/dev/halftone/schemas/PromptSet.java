package dev.halftone.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.maxLength;
import static dev.halftone.schemas.FieldCheck.size;

/** Named prompts, either inline or as a reference to a JSON array of strings in the object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptSet(String name, List<String> prompts, ObjectLocation reference) {
    public PromptSet {
        matches("promptSet.name", name, ContractBounds.NAME);
        if ((prompts == null) == (reference == null)) {
            throw new IllegalArgumentException("promptSet '" + name + "' needs exactly one of prompts or reference");
        }
        if (prompts != null) {
            prompts = List.copyOf(size("promptSet.prompts", prompts, 1, ContractBounds.MAX_PROMPTS_PER_SET));
            for (var prompt : prompts) {
                if (prompt.isEmpty()) {
                    throw new IllegalArgumentException("promptSet '" + name + "' has an empty prompt");
                }
                maxLength("promptSet.prompts[]", prompt, ContractBounds.MAX_PROMPT_LENGTH);
            }
        }
    }

    public static PromptSet inline(String name, List<String> prompts) {
        return new PromptSet(name, prompts, null);
    }

    public static PromptSet byReference(String name, ObjectLocation reference) {
        return new PromptSet(name, null, reference);
    }
}
