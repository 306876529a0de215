package dev.halftone.tinymodel;

/**
 * What a synthetic sample shows: the categories of the evaluation service's halftone-tiny prompt set
 * (services/evaluation, {@code halftone-tiny.tsv}), four with text that OCR can check and four without.
 */
public enum SampleCategory {
    /** {@code a sign that says "OPEN"}, {@code a storefront sign reading "SALE"}, {@code a street sign that says "EXIT"}. */
    SIGNAGE("signage", true),
    /** {@code a jar labeled "HONEY"}, {@code a bottle with a label that says "MILK"}, {@code a box labeled "TEA"}. */
    LABELS("labels", true),
    /** {@code the word "HELLO" in black letters on a white background}, {@code ... written in red on a yellow ...}. */
    WORDS("single words", true),
    /** {@code the number "42" painted on a wall}, {@code a door with the number "7"}, {@code a price tag that says "99"}. */
    NUMBERS("numbers", true),
    /** {@code a red circle on a white background}. */
    SHAPES("shapes", false),
    /** {@code a red circle above a yellow square}. */
    SPATIAL("spatial", false),
    /** {@code three blue circles in a row}. */
    COUNTING("counting", false),
    /** {@code a red and green striped circle}, {@code a large blue square containing a small yellow square}. */
    COLOURS("colours", false);

    private final String evaluationName;
    private final boolean text;

    SampleCategory(String evaluationName, boolean text) {
        this.evaluationName = evaluationName;
        this.text = text;
    }

    /** The category as the evaluation service's prompt set spells it. */
    public String evaluationName() {
        return evaluationName;
    }

    /** Whether the sample spells a target text that OCR can check. */
    public boolean hasText() {
        return text;
    }
}
