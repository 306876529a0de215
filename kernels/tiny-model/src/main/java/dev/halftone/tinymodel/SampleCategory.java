package dev.halftone.tinymodel;

/**
 * What a synthetic sample shows. The text categories follow the paper's split of text prompts by where the text
 * sits (signage, plain lettering, labels); {@link #SHAPES} is the general-quality set without text.
 */
public enum SampleCategory {
    /** {@code a sign that says "OPEN"}: a coloured sign board on a wall. */
    SIGN(true),
    /** {@code the word "CAT" in red on white}: lettering of a named colour on a named background. */
    WORD(true),
    /** {@code a label that reads "SALE"}: dark text on a white, outlined label over a coloured ground. */
    LABEL(true),
    /** {@code a red circle above a blue square}: coloured shapes in an arrangement. */
    SHAPES(false);

    private final boolean text;

    SampleCategory(boolean text) {
        this.text = text;
    }

    /** Whether the sample spells a target text that OCR can check. */
    public boolean hasText() {
        return text;
    }
}
