package dev.halftone.cli.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.cli.HalftoneCommand;
import dev.halftone.evaluation.metrics.ClipEncoders;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.evaluation.metrics.StandInClipModel;
import dev.halftone.evaluation.metrics.TextImageScore;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real metrics and the real Tesseract behind {@code halftone score}. */
class ScoreCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var command = HalftoneCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void printsPsnrAndSsimAndSaysWhyLpipsIsMissing() throws IOException {
        Path reference = png("reference.png", gradient(0));
        Path image = png("image.png", gradient(6));
        assertEquals(0, run("score", reference.toString(), image.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("PSNR   ") && text.contains(" dB"), text);
        assertTrue(text.contains("SSIM   0."), text);
        assertTrue(text.contains("LPIPS  unavailable: no LPIPS model configured"), text);

        out.getBuffer().setLength(0);
        assertEquals(0, run("score", "--json", reference.toString(), image.toString()), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        // a constant offset of 6 grey levels on every sample: MSE 36, PSNR 10 log10(255^2 / 36)
        assertEquals(10 * Math.log10(255.0 * 255.0 / 36), json.get("psnr").asDouble(), 1e-9);
        assertTrue(json.get("ssim").asDouble() > 0.9 && json.get("ssim").asDouble() < 1, json.toString());
        assertTrue(json.get("lpips").isNull());
    }

    @Test
    void imagesOfDifferentSizesEndInOneLineNamingBoth() throws IOException {
        Path small = png("small.png", new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB));
        Path large = png("large.png", new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB));
        assertEquals(1, run("score", small.toString(), large.toString()));
        String message = err.toString().strip();
        assertTrue(message.startsWith("halftone: images differ in size") && message.contains("small.png")
                && message.contains("large.png") && !message.contains("\n"), message);
    }

    @Test
    void aMissingLpipsModelIsNamed() throws IOException {
        Path reference = png("reference.png", gradient(0));
        assertEquals(1, run("score", "--lpips", dir.resolve("no-lpips").toString(), reference.toString(),
                reference.toString()));
        assertTrue(err.toString().contains("LPIPS model folder not found") && err.toString().contains("no-lpips"),
                err.toString());
    }

    @Test
    void scoresAnImageAgainstItsPromptWithTheClipAndPickModelsGiven() throws IOException {
        Path clip = StandInClipModel.random(3).write(dir.resolve("clip"), Double.NaN);
        Path pick = StandInClipModel.random(5).write(dir.resolve("pick"), 3.0);
        Path image = png("image.png", gradient(0));
        String prompt = "a sign that says \"OPEN\"";
        assertEquals(0, run("score", "--prompt", prompt, "--clip", clip.toString(), "--pick", pick.toString(), "--json",
                image.toString()), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        RgbImage rgb = RgbImage.read(image);
        try (var clipModel = ClipEncoders.load("CLIPScore", clip); var pickModel = ClipEncoders.load("PickScore", pick)) {
            assertEquals(TextImageScore.clipScore(clipModel.cosine(rgb, prompt)), json.get("clip").asDouble(), 1e-9);
            assertEquals(TextImageScore.pickScore(pickModel.cosine(rgb, prompt), 3.0), json.get("pick").asDouble(), 1e-9);
        }

        out.getBuffer().setLength(0);
        assertEquals(0, run("score", "--prompt", prompt, "--pick", pick.toString(), image.toString()), err.toString());
        assertTrue(out.toString().contains("CLIPScore  not computed") && out.toString().contains("PickScore  "), out.toString());
    }

    @Test
    void aPromptWithoutAModelOrWithTwoImagesIsAUsageError() throws IOException {
        Path image = png("image.png", gradient(0));
        // the test JVM's environment names no model folder
        assertEquals(2, run("score", "--prompt", "a cat", image.toString()));
        assertTrue(err.toString().contains("--clip DIR") && err.toString().contains("--pick DIR"), err.toString());
        assertEquals(2, run("score", "--prompt", "a cat", "--clip", dir.toString(), image.toString(), image.toString()));
    }

    @Test
    void readsASignWithTesseract() throws IOException {
        BufferedImage sign = new BufferedImage(512, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sign.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 512, 128);
        g.setColor(Color.BLACK);
        g.setFont(new Font("DejaVu Sans", Font.BOLD, 48));
        g.drawString("OPEN 24 HOURS", 24, 82);
        g.dispose();
        Path image = png("sign.png", sign);
        assertEquals(0, run("score", "--ocr", image.toString(), "--target", "open 24 hours", "--json"), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("OPEN 24 HOURS", json.get("reading").asText());
        assertTrue(json.get("exactMatch").asBoolean());
        assertEquals(0.0, json.get("ned").asDouble());
    }

    @Test
    void ocrWithoutATargetIsAUsageError() throws IOException {
        Path image = png("sign.png", gradient(0));
        assertEquals(2, run("score", "--ocr", image.toString()));
        assertTrue(err.toString().contains("--target"), err.toString());
    }

    private static BufferedImage gradient(int offset) {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                int v = 40 + 2 * x + y + offset;
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private Path png(String name, BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
