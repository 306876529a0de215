package dev.halftone.evaluation.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LPIPS model folder in the layout {@link LpipsModel#load(Path)} reads, built from the small trunk in
 * reference/lpips/tiny-trunk.json (three conv + ReLU stages with pooling; lpips_reference.py computed its distances
 * in NumPy): the trunk as ONNX, its linear heads as JSON. Shared with the scorer's and the swarm's tests through this
 * module's test jar.
 */
public final class StandInLpipsModel {

    private StandInLpipsModel() {
    }

    /** The reference file: the trunk, the linear heads and image pairs with NumPy's distances. */
    public static JsonNode reference() throws IOException {
        try (InputStream in = StandInLpipsModel.class.getResourceAsStream("/reference/lpips/tiny-trunk.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Writes {@value LpipsModel#TRUNK_FILE} and {@value LpipsModel#WEIGHTS_FILE} into the folder. */
    public static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        JsonNode reference = reference();
        OnnxGraphWriter graph = new OnnxGraphWriter().input("image", OnnxGraphWriter.FLOAT, 1L, 3L, "height", "width");
        String current = "image";
        int index = 0;
        for (JsonNode layer : reference.get("trunk")) {
            String name = "l" + index++;
            if (layer.get("op").asText().equals("conv")) {
                JsonNode w = layer.get("weight");
                long out = w.size();
                long in = w.get(0).size();
                long k = w.get(0).get(0).size();
                graph.floatInitializer(name + ".w", flatten(w), out, in, k, k);
                graph.floatInitializer(name + ".b", flatten(layer.get("bias")), out);
                long pad = layer.get("pad").asLong();
                graph.node("Conv", List.of(current, name + ".w", name + ".b"), List.of(name + ".conv"),
                        OnnxGraphWriter.ints("kernel_shape", k, k), OnnxGraphWriter.ints("pads", pad, pad, pad, pad),
                        OnnxGraphWriter.ints("strides", 1, 1));
                graph.node("Relu", List.of(name + ".conv"), List.of(name + ".relu"));
                graph.output(name + ".relu", OnnxGraphWriter.FLOAT, 1L, out, name + ".h", name + ".w");
                current = name + ".relu";
            } else {
                long k = layer.get("kernel").asLong();
                graph.node("MaxPool", List.of(current), List.of(name + ".pool"),
                        OnnxGraphWriter.ints("kernel_shape", k, k), OnnxGraphWriter.ints("strides", k, k));
                current = name + ".pool";
            }
        }
        graph.write(folder.resolve(LpipsModel.TRUNK_FILE));
        Files.writeString(folder.resolve(LpipsModel.WEIGHTS_FILE), "{\"layers\": " + reference.get("lin") + "}");
        return folder;
    }

    private static float[] flatten(JsonNode nested) {
        List<Float> values = new ArrayList<>();
        collect(nested, values);
        float[] result = new float[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
        }
        return result;
    }

    private static void collect(JsonNode node, List<Float> values) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        } else {
            values.add((float) node.asDouble());
        }
    }
}
