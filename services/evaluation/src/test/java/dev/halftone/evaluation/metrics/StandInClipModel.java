package dev.halftone.evaluation.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A CLIP-family model folder in the layout {@link ClipEncoders#load} reads, small enough for tests: the image
 * encoder averages each channel and projects with a 3 x {@value #DIM} matrix, the text encoder averages the rows of
 * an embedding table at the 77 token ids, and the tokenizer is ClipTokenizerTest's byte-level vocabulary, so any
 * prompt encodes. The weights are public so a test can compute the expected cosine by hand. Shared with the scorer's
 * and the swarm's tests through this module's test jar.
 */
public record StandInClipModel(float[] projection, float[] table) {

    public static final int DIM = 4;

    /** Weights drawn from a seeded Gaussian: two seeds give two different models (CLIPScore's and PickScore's). */
    public static StandInClipModel random(long seed) {
        Random random = new Random(seed);
        float[] projection = gaussian(random, 3 * DIM);
        return new StandInClipModel(projection, gaussian(random, ClipTokenizerTest.vocabulary().size() * DIM));
    }

    /**
     * Writes image_encoder.onnx, text_encoder.onnx, vocab.json, merges.txt and, for a PickScore folder, logit_scale.txt.
     *
     * @param logitScale PickScore's logit scale before exponentiation, or NaN for a CLIPScore folder (no file)
     */
    public Path write(Path folder, double logitScale) throws IOException {
        Files.createDirectories(folder);
        int vocabularySize = ClipTokenizerTest.vocabulary().size();
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
        if (!Double.isNaN(logitScale)) {
            Files.writeString(folder.resolve("logit_scale.txt"), logitScale + "\n");
        }
        return folder;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
