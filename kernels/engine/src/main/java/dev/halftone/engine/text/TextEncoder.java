package dev.halftone.engine.text;

/** Turns a prompt into the hidden states the DiT's {@code llm_cond_proj} reads. */
public interface TextEncoder extends AutoCloseable {

    /** C, the width of each token's hidden state. */
    int hiddenSize();

    /** The prompt's hidden states, (T, C); the empty prompt is the unconditional branch's input. */
    TextHiddenStates encode(String prompt);

    /** Releases native resources; the built-in encoder holds none. */
    @Override
    default void close() {
    }
}
