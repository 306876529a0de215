package dev.halftone.cli.engine;

import dev.halftone.cli.HalftoneCommand;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.tiny.TinyModelWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code halftone generate} renders a PNG of the model's size from a real (seeded, two-layer) model directory. */
class GenerateCommandTest {

    private static final DiTConfig SMALL = new DiTConfig("halftone-small-test", 16, 32, 3, 4, 64, 2, 2, 128, 32, 16,
            64, 10000.0, 1e-6, 4.0, 0.5, 1.15);

    @TempDir
    Path temp;

    @Test
    void rendersAPngWithTheModelsSize() throws IOException {
        Path model = temp.resolve("model");
        TinyModelWriter.write(model, SMALL, 7L);
        Path out = temp.resolve("out/image.png");
        StringWriter err = new StringWriter();
        CommandLine cli = HalftoneCommand.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
        int exit = cli.execute("generate", "--model", model.toString(), "--prompt", "a kite", "--seed", "3",
                "--steps", "2", "--threads", "2", "--out", out.toString());
        assertEquals(0, exit, err.toString());
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(32, image.getWidth());
        assertEquals(16, image.getHeight());
        assertTrue(err.toString().contains("2/2"), "progress bar: " + err);
    }

    @Test
    void unknownVariantFailsWithOneLine() throws IOException {
        Path model = temp.resolve("model");
        TinyModelWriter.write(model, SMALL, 7L);
        StringWriter err = new StringWriter();
        CommandLine cli = HalftoneCommand.commandLine().setErr(new PrintWriter(err));
        int exit = cli.execute("generate", "--model", model.toString(), "--variant", "q4_k", "--prompt", "x",
                "--out", temp.resolve("x.png").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("halftone: variant \"q4_k\" has no cond.safetensors"), err.toString());
    }
}
