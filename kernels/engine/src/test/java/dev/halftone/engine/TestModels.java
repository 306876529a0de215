package dev.halftone.engine;

import dev.halftone.engine.load.ModelDirectory;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed two-layer model (written by ParityFixtureWriter for MICRO) and its PyTorch outputs. */
public final class TestModels {

    private TestModels() {
    }

    public static Path microFixture() {
        try {
            return Path.of(TestModels.class.getResource("/parity/micro/torch_outputs.safetensors").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelDirectory micro() {
        return new ModelDirectory(microFixture().resolve("model"));
    }
}
