package dev.halftone.engine.load;

import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.text.ByteTextEncoder;
import dev.halftone.formats.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;

/** Loads the built-in text encoder (docs/model.md §2) from {@code text_encoder.safetensors}. */
public final class TextEncoderLoader {

    private TextEncoderLoader() {
    }

    public static ByteTextEncoder load(Path path, DiTConfig config) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            CheckpointTensors t = new CheckpointTensors(file);
            int c = config.textHiddenSize();
            float[] embedding = t.floats("text_encoder.embedding.weight", ByteTextEncoder.VOCABULARY, c);
            float[] position = t.floats("text_encoder.position.weight", config.textMaxTokens(), c);
            t.requireAllUsed();
            return new ByteTextEncoder(embedding, position, c, config.textMaxTokens());
        }
    }
}
