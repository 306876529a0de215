package dev.halftone.evaluation.metrics;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A CLIP-family model exported as two ONNX files plus its tokenizer, from a folder the user supplies:
 * {@code image_encoder.onnx} (input pixel_values float32 (1, 3, 224, 224), first output the projected image
 * embedding (1, D)), {@code text_encoder.onnx} (input input_ids int64 (1, 77), first output the projected text
 * embedding (1, D)), {@code vocab.json} and {@code merges.txt}. Both run through DJL's ONNX Runtime engine.
 *
 * <p>Image preprocessing is CLIPImageProcessor's: shortest side resized to 224 (bicubic), centre crop 224 x 224,
 * scaled to [0, 1], normalized with OpenAI CLIP's mean and std (also PickScore's ViT-H-14 processor's). Java 2D's
 * bicubic is not PIL's, so embeddings differ from Python's in the low decimals.
 */
public final class ClipEncoders implements AutoCloseable {

    public static final int IMAGE_SIZE = 224;
    private static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] STD = {0.26862954, 0.26130258, 0.27577711};

    private final String name;
    private final OnnxRuntimeModel imageEncoder;
    private final OnnxRuntimeModel textEncoder;
    private final ClipTokenizer tokenizer;

    private ClipEncoders(String name, OnnxRuntimeModel imageEncoder, OnnxRuntimeModel textEncoder,
                         ClipTokenizer tokenizer) {
        this.name = name;
        this.imageEncoder = imageEncoder;
        this.textEncoder = textEncoder;
        this.tokenizer = tokenizer;
    }

    /** @param name what the model is for ("CLIPScore", "PickScore"), quoted by errors */
    public static ClipEncoders load(String name, Path folder) {
        ClipTokenizer tokenizer = ClipTokenizer.load(folder.resolve("vocab.json"), folder.resolve("merges.txt"));
        OnnxRuntimeModel image = OnnxRuntimeModel.load(folder.resolve("image_encoder.onnx"), name + " image encoder");
        try {
            return new ClipEncoders(name, image,
                    OnnxRuntimeModel.load(folder.resolve("text_encoder.onnx"), name + " text encoder"), tokenizer);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /** Cosine similarity of the image's and the prompt's embeddings. */
    public double cosine(RgbImage image, String prompt) {
        float[] imageEmbedding = embedding(imageEncoder.runFloat(pixelValues(image), 1, 3, IMAGE_SIZE, IMAGE_SIZE));
        float[] textEmbedding = embedding(textEncoder.runInt64(tokenizer.encode(prompt), 1, ClipTokenizer.CONTEXT_LENGTH));
        if (imageEmbedding.length != textEmbedding.length) {
            throw new IllegalArgumentException(name + ": image embedding has " + imageEmbedding.length
                    + " dimensions, text embedding " + textEmbedding.length);
        }
        double dot = 0;
        double imageNorm = 0;
        double textNorm = 0;
        for (int i = 0; i < imageEmbedding.length; i++) {
            dot += (double) imageEmbedding[i] * textEmbedding[i];
            imageNorm += (double) imageEmbedding[i] * imageEmbedding[i];
            textNorm += (double) textEmbedding[i] * textEmbedding[i];
        }
        return dot / Math.sqrt(imageNorm * textNorm);
    }

    private float[] embedding(List<OutputTensor> outputs) {
        OutputTensor first = outputs.getFirst();
        if (first.rank() != 2 || first.dim(0) != 1) {
            throw new IllegalArgumentException(name + ": expected a (1, D) embedding as first output, got "
                    + Arrays.toString(first.shape()));
        }
        return first.values();
    }

    /** (1, 3, 224, 224) CHW, normalized. */
    static float[] pixelValues(RgbImage image) {
        double scale = (double) IMAGE_SIZE / Math.min(image.width(), image.height());
        int width = Math.max(IMAGE_SIZE, (int) Math.round(image.width() * scale));
        int height = Math.max(IMAGE_SIZE, (int) Math.round(image.height() * scale));
        BufferedImage source = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int rgb = (int) image.sample(0, x, y) << 16 | (int) image.sample(1, x, y) << 8 | (int) image.sample(2, x, y);
                source.setRGB(x, y, rgb);
            }
        }
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        int left = (width - IMAGE_SIZE) / 2;
        int top = (height - IMAGE_SIZE) / 2;
        float[] pixels = new float[3 * IMAGE_SIZE * IMAGE_SIZE];
        for (int y = 0; y < IMAGE_SIZE; y++) {
            for (int x = 0; x < IMAGE_SIZE; x++) {
                int rgb = resized.getRGB(left + x, top + y);
                for (int c = 0; c < 3; c++) {
                    double value = (rgb >> (16 - 8 * c) & 0xFF) / 255.0;
                    pixels[(c * IMAGE_SIZE + y) * IMAGE_SIZE + x] = (float) ((value - MEAN[c]) / STD[c]);
                }
            }
        }
        return pixels;
    }

    @Override
    public void close() {
        imageEncoder.close();
        textEncoder.close();
    }
}
