package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIPScore and PickScore through DJL's ONNX Runtime engine end to end, with stand-in encoders the test writes as
 * ONNX: the image encoder averages each channel and projects with a 3x4 matrix, the text encoder averages the rows
 * of a 523x4 embedding table at the 77 token ids. A uniform image makes the expected image embedding exact whatever
 * the resampling, so the expected cosine is computed here by hand.
 */
class ClipEncodersTest {

    private static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] STD = {0.26862954, 0.26130258, 0.27577711};
    private static final int DIM = StandInClipModel.DIM;

    @TempDir
    static Path folder;
    private static StandInClipModel model;

    @BeforeAll
    static void writeModels() throws IOException {
        model = StandInClipModel.random(3);
        model.write(folder, 4.6052);
    }

    @Test
    void cosineOfAUniformImageAndAPromptMatchesTheHandComputation() {
        Color colour = new Color(200, 40, 90);
        BufferedImage picture = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 128, 64);
        g.dispose();
        String prompt = "a sign that says \"OPEN\"";
        float[] pixels = ClipEncoders.pixelValues(RgbImage.of("uniform", picture));
        int[] rgb = {colour.getRed(), colour.getGreen(), colour.getBlue()};
        for (int i = 0; i < pixels.length; i++) {
            int c = i / (224 * 224);
            assertEquals(((float) (rgb[c] / 255.0) - (float) MEAN[c]) / (float) STD[c], pixels[i], "resampling kept the colour");
        }
        try (ClipEncoders clip = ClipEncoders.load("CLIPScore", folder)) {
            double cosine = clip.cosine(RgbImage.of("uniform", picture), prompt);
            double expected = expectedCosine(new int[] {colour.getRed(), colour.getGreen(), colour.getBlue()}, prompt);
            // ONNX Runtime pools 224 x 224 float32 values per channel: about 1e-5 of accumulated rounding
            assertEquals(expected, cosine, 1e-4);
            assertEquals(Math.max(100 * expected, 0), TextImageScore.clipScore(cosine), 1e-2);
            double logitScale = TextImageScore.readLogitScale(folder);
            assertEquals(Math.exp(4.6052) * expected, TextImageScore.pickScore(cosine, logitScale), 1e-2);
        }
    }

    @Test
    void scalingsFollowTheirDefinitions() {
        assertEquals(0.0, TextImageScore.clipScore(-0.2));
        assertEquals(31.0, TextImageScore.clipScore(0.31), 1e-12);
        assertEquals(100 * 0.21, TextImageScore.pickScore(0.21, Math.log(100)), 1e-12);
    }

    @Test
    void anAbsentModelFolderNamesTheMissingFile(@TempDir Path empty) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipEncoders.load("PickScore", empty));
        assertTrue(e.getMessage().contains("vocab.json"), e.getMessage());
        Files.copy(folder.resolve("vocab.json"), empty.resolve("vocab.json"));
        Files.copy(folder.resolve("merges.txt"), empty.resolve("merges.txt"));
        e = assertThrows(IllegalArgumentException.class, () -> ClipEncoders.load("PickScore", empty));
        assertTrue(e.getMessage().contains("PickScore image encoder") && e.getMessage().contains("image_encoder.onnx"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TextImageScore.readLogitScale(empty));
        assertTrue(e.getMessage().contains("logit_scale.txt"), e.getMessage());
    }

    private static double expectedCosine(int[] rgb, String prompt) {
        double[] image = new double[DIM];
        for (int c = 0; c < 3; c++) {
            double channel = (rgb[c] / 255.0 - MEAN[c]) / STD[c];
            for (int d = 0; d < DIM; d++) {
                image[d] += channel * model.projection()[c * DIM + d];
            }
        }
        double[] text = new double[DIM];
        for (long id : ClipTokenizerTest.TOKENIZER.encode(prompt)) {
            for (int d = 0; d < DIM; d++) {
                text[d] += model.table()[(int) id * DIM + d] / 77.0;
            }
        }
        double dot = 0;
        double ni = 0;
        double nt = 0;
        for (int d = 0; d < DIM; d++) {
            dot += image[d] * text[d];
            ni += image[d] * image[d];
            nt += text[d] * text[d];
        }
        return dot / Math.sqrt(ni * nt);
    }
}
