package dev.halftone.engine.text;

import java.nio.charset.StandardCharsets;

/**
 * The built-in text encoder of docs/model.md §2: tokens are BOS (256) then the prompt's UTF-8 bytes, truncated to
 * T_max; hidden state i = embedding[token_i] + position[i]. No attention: the DiT's joint attention does the rest.
 */
public final class ByteTextEncoder implements TextEncoder {

    public static final int BOS = 256;
    public static final int VOCABULARY = 257;

    private final float[] embedding;  // (257, C)
    private final float[] position;   // (T_max, C)
    private final int width;
    private final int maxTokens;

    public ByteTextEncoder(float[] embedding, float[] position, int width, int maxTokens) {
        if (embedding.length != VOCABULARY * width) {
            throw new IllegalArgumentException("text_encoder.embedding.weight has " + embedding.length
                    + " values, expected (" + VOCABULARY + ", " + width + ")");
        }
        if (position.length != maxTokens * width) {
            throw new IllegalArgumentException("text_encoder.position.weight has " + position.length
                    + " values, expected (" + maxTokens + ", " + width + ")");
        }
        this.embedding = embedding.clone();
        this.position = position.clone();
        this.width = width;
        this.maxTokens = maxTokens;
    }

    /** BOS then UTF-8 bytes, at most maxTokens in all. */
    public static int[] tokenize(String prompt, int maxTokens) {
        byte[] bytes = prompt.getBytes(StandardCharsets.UTF_8);
        int count = Math.min(maxTokens, bytes.length + 1);
        int[] tokens = new int[count];
        tokens[0] = BOS;
        for (int i = 1; i < count; i++) {
            tokens[i] = bytes[i - 1] & 0xFF;
        }
        return tokens;
    }

    @Override
    public int hiddenSize() {
        return width;
    }

    @Override
    public TextHiddenStates encode(String prompt) {
        int[] tokens = tokenize(prompt, maxTokens);
        float[] values = new float[tokens.length * width];
        for (int i = 0; i < tokens.length; i++) {
            for (int j = 0; j < width; j++) {
                values[i * width + j] = embedding[tokens[i] * width + j] + position[i * width + j];
            }
        }
        return new TextHiddenStates(tokens.length, width, values);
    }
}
