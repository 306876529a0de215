package dev.halftone.onnx;

import dev.halftone.engine.decode.Latent;
import dev.halftone.engine.decode.RgbImage;
import dev.halftone.engine.text.TextHiddenStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DJL ONNX Runtime text encoder and decoder on small ONNX files the test writes. */
class OnnxSeamsTest {

    private static final int VOCABULARY = 257;
    private static final int WIDTH = 8;

    @TempDir
    Path temp;

    @Test
    void textEncoderReturnsTheEmbeddingRowsOfTheTokens() throws IOException {
        float[] embedding = new float[VOCABULARY * WIDTH];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (i % 97) * 0.25f - (i / WIDTH) * 0.5f;
        }
        Path file = temp.resolve("text_encoder.onnx");
        OnnxGraphFile.textEncoder(file, embedding, VOCABULARY, WIDTH);
        try (OnnxTextEncoder encoder = OnnxTextEncoder.open(file, PromptTokenizer.bytes(48), WIDTH)) {
            TextHiddenStates states = encoder.encode("Hé");  // BOS, 'H', and the two UTF-8 bytes of é
            assertEquals(4, states.tokens());
            int[] tokens = {256, 'H', 0xC3, 0xA9};
            for (int t = 0; t < tokens.length; t++) {
                for (int j = 0; j < WIDTH; j++) {
                    assertEquals(embedding[tokens[t] * WIDTH + j], states.values()[t * WIDTH + j], 0f);
                }
            }
            assertEquals(1, encoder.encode("").tokens());
        }
    }

    @Test
    void decoderRunsTheGraphAndRoundsToRgb8() throws IOException {
        Path file = temp.resolve("decoder.onnx");
        OnnxGraphFile.tanhDecoder(file, 3);
        int h = 4, w = 6;
        float[] x = new float[3 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - x.length / 2f) * 0.07f;
        }
        try (OnnxLatentDecoder decoder = OnnxLatentDecoder.open(file)) {
            RgbImage image = decoder.decode(new Latent(3, h, w, x));
            assertEquals(w, image.width());
            assertEquals(h, image.height());
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < h * w; p++) {
                    double value = Math.tanh(2.0 * x[ch * h * w + p]);
                    double expected = Math.max(0, Math.min(255, Math.rint((value + 1) * 127.5)));
                    // ONNX Runtime's float tanh may differ from Java's by an ulp, which can move a value across .5
                    assertTrue(Math.abs(image.channel(p % w, p / w, ch) - expected) <= 1, "channel " + ch + " pixel " + p);
                }
            }
        }
    }

    @Test
    void missingFileIsNamed() {
        Path missing = temp.resolve("nope.onnx");
        IOException e = assertThrows(IOException.class, () -> OnnxLatentDecoder.open(missing));
        assertTrue(e.getMessage().contains("nope.onnx"));
    }
}
