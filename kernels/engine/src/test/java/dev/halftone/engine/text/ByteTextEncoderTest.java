package dev.halftone.engine.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteTextEncoderTest {

    @Test
    void tokensAreBosThenUtf8BytesTruncated() {
        assertArrayEquals(new int[]{256}, ByteTextEncoder.tokenize("", 48));
        assertArrayEquals(new int[]{256, 'a', 0xC3, 0xA9}, ByteTextEncoder.tokenize("aé", 48));
        assertEquals(48, ByteTextEncoder.tokenize("x".repeat(100), 48).length);
    }

    @Test
    void hiddenStateIsEmbeddingPlusPosition() {
        int c = 2;
        float[] embedding = new float[257 * c];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = i;
        }
        float[] position = {0.5f, 0.25f, 10f, 20f, 100f, 200f};
        TextHiddenStates states = new ByteTextEncoder(embedding, position, c, 3).encode("AB");
        assertEquals(3, states.tokens());
        assertArrayEquals(new float[]{512.5f, 513.25f, 140f, 151f, 232f, 333f}, states.values());
    }

    @Test
    void wrongTableShapeNamesTheTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ByteTextEncoder(new float[10], new float[6], 2, 3));
        assertEquals(true, e.getMessage().contains("text_encoder.embedding.weight"));
    }
}
