package dev.halftone.evaluation.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LPIPS (AlexNet, v0.1 linear heads) from two user-supplied files: the AlexNet feature trunk as ONNX, run through
 * DJL's ONNX Runtime engine, and the learned linear weights as JSON; the head math is {@link LpipsHead}, in Java.
 *
 * <p>The trunk takes one float32 input (1, 3, H, W) and returns the five ReLU outputs (relu1..relu5 of
 * torchvision's AlexNet features, 64/192/384/256/256 channels) in order. Its input is what lpips feeds the net:
 * RGB scaled to [-1, 1] (x / 127.5 - 1), then lpips' ScalingLayer, (x - shift) / scale per channel; both steps
 * happen here, so the ONNX file holds AlexNet alone. The weights file is {@code {"layers": [[...64], [...192],
 * ...]}}, lin0..lin4's 1x1 conv weights flattened. docs/evaluation.md gives the export script.
 */
public final class LpipsModel implements AutoCloseable {

    /** lpips.pretrained_networks ScalingLayer: shift and scale per RGB channel. */
    private static final double[] SHIFT = {-0.030, -0.088, -0.188};
    private static final double[] SCALE = {0.458, 0.448, 0.450};

    private final OnnxRuntimeModel trunk;
    private final LpipsHead head;

    private LpipsModel(OnnxRuntimeModel trunk, LpipsHead head) {
        this.trunk = trunk;
        this.head = head;
    }

    /** File names inside an LPIPS model folder, as docs/evaluation.md's export script writes them. */
    public static final String TRUNK_FILE = "alexnet_features.onnx";
    public static final String WEIGHTS_FILE = "lpips_alex_v0.1.json";

    /** Loads {@value #TRUNK_FILE} and {@value #WEIGHTS_FILE} from one folder. */
    public static LpipsModel load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("LPIPS model folder not found: " + folder);
        }
        return load(folder.resolve(TRUNK_FILE), folder.resolve(WEIGHTS_FILE));
    }

    public static LpipsModel load(Path trunkOnnx, Path linearWeightsJson) {
        LpipsHead head = new LpipsHead(readWeights(linearWeightsJson));
        return new LpipsModel(OnnxRuntimeModel.load(trunkOnnx, "LPIPS AlexNet trunk"), head);
    }

    /** LPIPS distance, 0 for identical images, larger is more different. */
    public double distance(RgbImage reference, RgbImage image) {
        reference.requireSameSize(image);
        return head.distance(features(reference), features(image));
    }

    private List<OutputTensor> features(RgbImage image) {
        int plane = image.width() * image.height();
        float[] input = new float[RgbImage.CHANNELS * plane];
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            double[] samples = image.planes()[c];
            for (int i = 0; i < plane; i++) {
                input[c * plane + i] = (float) ((samples[i] / 127.5 - 1 - SHIFT[c]) / SCALE[c]);
            }
        }
        List<OutputTensor> outputs = trunk.runFloat(input, 1, RgbImage.CHANNELS, image.height(), image.width());
        if (outputs.size() != head.layers()) {
            throw new IllegalArgumentException("LPIPS trunk " + trunk.file() + " returned " + outputs.size()
                    + " feature maps, its linear weights have " + head.layers() + " layers");
        }
        return outputs;
    }

    private static List<double[]> readWeights(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("LPIPS linear weights file not found: " + file);
        }
        JsonNode layers;
        try {
            layers = new ObjectMapper().readTree(file.toFile()).get("layers");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read LPIPS linear weights " + file, e);
        }
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("LPIPS linear weights " + file + ": expected {\"layers\": [[...], ...]}");
        }
        List<double[]> weights = new ArrayList<>();
        for (JsonNode layer : layers) {
            double[] w = new double[layer.size()];
            for (int c = 0; c < w.length; c++) {
                w[c] = layer.get(c).asDouble();
                if (!(w[c] >= 0)) {
                    throw new IllegalArgumentException("LPIPS linear weights " + file + ": layer " + weights.size()
                            + " channel " + c + " is " + w[c] + "; v0.1 weights are non-negative");
                }
            }
            weights.add(w);
        }
        return weights;
    }

    @Override
    public void close() {
        trunk.close();
    }
}
