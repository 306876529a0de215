package dev.halftone.evaluation.metrics;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A CLIP-family model exported as two ONNX files plus its tokenizer, from a folder the user supplies:
 * {@code image_encoder.onnx} (input pixel_values float32 (1, 3, 224, 224), first output the projected image
 * embedding (1, D)), {@code text_encoder.onnx} (input input_ids int64 (1, 77), first output the projected text
 * embedding (1, D)), {@code vocab.json} and {@code merges.txt}. Both run through DJL's ONNX Runtime engine.
 *
 * <p>Image preprocessing is CLIPImageProcessor's: shortest side resized to 224 with Pillow's bicubic filter
 * ({@link PilBicubicResize}, byte-exact), centre crop 224 x 224, scaled to [0, 1], normalized with OpenAI CLIP's mean
 * and std (also PickScore's ViT-H-14 processor's) in float32.
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

    /** (1, 3, 224, 224) CHW, normalized in float32 in Hugging Face's order: (float(x / 255) - mean) / std. */
    static float[] pixelValues(RgbImage image) {
        int[] crop = resizedCrop(image);
        float[] pixels = new float[3 * IMAGE_SIZE * IMAGE_SIZE];
        for (int i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
            for (int c = 0; c < 3; c++) {
                float rescaled = (float) (crop[i * 3 + c] * (1 / 255.0));
                pixels[c * IMAGE_SIZE * IMAGE_SIZE + i] = (rescaled - (float) MEAN[c]) / (float) STD[c];
            }
        }
        return pixels;
    }

    /**
     * The shortest side resized to 224 with Pillow's bicubic filter, the long side to int(224 * long / short) (Hugging
     * Face's get_resize_output_image_size rounds down), then the centre 224 x 224 (top and left rounded down), as
     * interleaved RGB bytes.
     */
    static int[] resizedCrop(RgbImage image) {
        int width = image.width();
        int height = image.height();
        int longSide = (int) ((double) IMAGE_SIZE * Math.max(width, height) / Math.min(width, height));
        int newWidth = width <= height ? IMAGE_SIZE : longSide;
        int newHeight = width <= height ? longSide : IMAGE_SIZE;
        int[] rgb = new int[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * width + x) * 3 + c] = (int) image.sample(c, x, y);
                }
            }
        }
        int[] resized = PilBicubicResize.resize(rgb, width, height, newWidth, newHeight);
        int left = (newWidth - IMAGE_SIZE) / 2;
        int top = (newHeight - IMAGE_SIZE) / 2;
        int[] crop = new int[IMAGE_SIZE * IMAGE_SIZE * 3];
        for (int y = 0; y < IMAGE_SIZE; y++) {
            System.arraycopy(resized, ((top + y) * newWidth + left) * 3, crop, y * IMAGE_SIZE * 3, IMAGE_SIZE * 3);
        }
        return crop;
    }

    @Override
    public void close() {
        imageEncoder.close();
        textEncoder.close();
    }
}
