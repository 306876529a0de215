package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
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

    private static final int DIM = 4;
    private static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] STD = {0.26862954, 0.26130258, 0.27577711};

    @TempDir
    static Path folder;
    private static float[] projection;
    private static float[] table;

    @BeforeAll
    static void writeModels() throws IOException {
        Random random = new Random(3);
        projection = randomFloats(random, 3 * DIM);
        int vocabularySize = ClipTokenizerTest.vocabulary().size();
        table = randomFloats(random, vocabularySize * DIM);
        new OnnxGraphWriter()
                .input("pixel_values", OnnxGraphWriter.FLOAT, 1L, 3L, 224L, 224L)
                .floatInitializer("projection", projection, 3, DIM)
                .node("GlobalAveragePool", List.of("pixel_values"), List.of("pooled"))
                .node("Flatten", List.of("pooled"), List.of("flat"), OnnxGraphWriter.intValue("axis", 1))
                .node("MatMul", List.of("flat", "projection"), List.of("image_embeds"))
                .output("image_embeds", OnnxGraphWriter.FLOAT, 1L, (long) DIM)
                .write(folder.resolve("image_encoder.onnx"));
        new OnnxGraphWriter()
                .input("input_ids", OnnxGraphWriter.INT64, 1L, 77L)
                .floatInitializer("table", table, vocabularySize, DIM)
                .node("Gather", List.of("table", "input_ids"), List.of("rows"))
                .node("ReduceMean", List.of("rows"), List.of("text_embeds"), OnnxGraphWriter.ints("axes", 1),
                        OnnxGraphWriter.intValue("keepdims", 0))
                .output("text_embeds", OnnxGraphWriter.FLOAT, 1L, (long) DIM)
                .write(folder.resolve("text_encoder.onnx"));
        new ObjectMapper().writeValue(folder.resolve("vocab.json").toFile(), ClipTokenizerTest.vocabulary());
        Files.write(folder.resolve("merges.txt"), ClipTokenizerTest.MERGES);
        Files.writeString(folder.resolve("logit_scale.txt"), "4.6052\n");
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
            assertEquals((float) ((rgb[c] / 255.0 - MEAN[c]) / STD[c]), pixels[i], "resampling kept the colour");
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
                image[d] += channel * projection[c * DIM + d];
            }
        }
        double[] text = new double[DIM];
        for (long id : ClipTokenizerTest.TOKENIZER.encode(prompt)) {
            for (int d = 0; d < DIM; d++) {
                text[d] += table[(int) id * DIM + d] / 77.0;
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

    private static float[] randomFloats(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
