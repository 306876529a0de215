package dev.halftone.onnx;

import dev.halftone.engine.text.ByteTextEncoder;

/** Prompt to token ids for an exported text encoder. */
@FunctionalInterface
public interface PromptTokenizer {

    long[] tokenize(String prompt);

    /** Halftone's byte tokenizer (docs/model.md §2): BOS = 256, then UTF-8 bytes, at most maxTokens in all. */
    static PromptTokenizer bytes(int maxTokens) {
        return prompt -> java.util.Arrays.stream(ByteTextEncoder.tokenize(prompt, maxTokens)).asLongStream().toArray();
    }
}
