package dev.halftone.evaluation.prompts;

import java.util.Optional;

/**
 * One benchmark prompt: PartiPrompts' columns (Prompt, Category, Challenge, Note) plus a stable id and, for text
 * prompts, the text the image must show (the OCR target).
 *
 * @param challenge PartiPrompts' challenge tag, empty when the file has none
 * @param note      free text, empty when the file has none
 */
public record Prompt(String id, String text, String category, String challenge, String note,
                     Optional<String> ocrTarget) {

    /** PartiPrompts' challenge tag for prompts about rendered text. */
    public static final String WRITING_CHALLENGE = "Writing & Symbols";

    public Prompt {
        requireText(id, "id", id);
        requireText(text, "prompt text", id);
        requireText(category, "category", id);
        challenge = challenge == null ? "" : challenge.strip();
        note = note == null ? "" : note.strip();
        ocrTarget = ocrTarget.map(String::strip).filter(target -> !target.isEmpty());
    }

    /** A text-rendering prompt: it carries an OCR target or PartiPrompts tags it as writing. */
    public boolean rendersText() {
        return ocrTarget.isPresent() || WRITING_CHALLENGE.equalsIgnoreCase(challenge);
    }

    private static void requireText(String value, String field, String id) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("prompt " + (id == null ? "" : id + " ") + "has no " + field);
        }
    }
}
