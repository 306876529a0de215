package dev.halftone.engine.text;

/**
 * A prompt's hidden states, (tokens, width) row-major float32.
 */
public record TextHiddenStates(int tokens, int width, float[] values) {

    public TextHiddenStates {
        if (tokens < 1 || width < 1) {
            throw new IllegalArgumentException("text hidden states need at least one token and width, got ("
                    + tokens + ", " + width + ")");
        }
        if (values == null || values.length != tokens * width) {
            throw new IllegalArgumentException("text hidden states values must hold " + tokens + "x" + width
                    + " floats, got " + (values == null ? "null" : values.length));
        }
    }
}
