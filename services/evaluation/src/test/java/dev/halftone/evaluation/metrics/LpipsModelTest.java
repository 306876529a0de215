package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LPIPS through DJL's ONNX Runtime engine end to end: the trunk defined in reference/lpips/tiny-trunk.json is
 * written as an ONNX file, run by ONNX Runtime, and the Java head's distances are compared with NumPy's float64
 * computation of the whole pipeline (lpips_reference.py).
 */
class LpipsModelTest {

    /** ONNX Runtime computes the trunk in float32. */
    private static final double RELATIVE_TOLERANCE = 1e-5;

    @TempDir
    static Path dir;
    private static JsonNode reference;
    private static Path trunk;
    private static Path weights;

    @BeforeAll
    static void writeModel() throws IOException {
        try (InputStream in = LpipsModelTest.class.getResourceAsStream("/reference/lpips/tiny-trunk.json")) {
            reference = new ObjectMapper().readTree(in);
        }
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
        trunk = graph.write(dir.resolve("trunk.onnx"));
        weights = Files.writeString(dir.resolve("lin.json"), "{\"layers\": " + reference.get("lin") + "}");
    }

    @Test
    void distancesEqualTheNumpyPipeline() {
        try (LpipsModel lpips = LpipsModel.load(trunk, weights)) {
            for (JsonNode pair : reference.get("pairs")) {
                double expected = pair.get("distance").asDouble();
                double actual = lpips.distance(image(pair, "a"), image(pair, "b"));
                assertEquals(expected, actual, RELATIVE_TOLERANCE * Math.max(expected, 1e-3), pair.get("width") + "");
            }
        }
    }

    @Test
    void missingFilesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LpipsModel.load(dir.resolve("absent.onnx"), weights));
        assertTrue(e.getMessage().contains("absent.onnx") && e.getMessage().contains("LPIPS"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LpipsModel.load(trunk, dir.resolve("absent.json")));
        assertTrue(e.getMessage().contains("absent.json"), e.getMessage());
    }

    @Test
    void aCorruptModelFileIsNamed() throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4, 5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LpipsModel.load(corrupt, weights));
        assertTrue(e.getMessage().contains("corrupt.onnx"), e.getMessage());
    }

    @Test
    void weightsThatDoNotMatchTheTrunkAreRejected() throws IOException {
        Path twoLayers = Files.writeString(dir.resolve("two.json"), "{\"layers\": [[0.1, 0.1, 0.1, 0.1], [0.2]]}");
        JsonNode pair = reference.get("pairs").get(0);
        try (LpipsModel lpips = LpipsModel.load(trunk, twoLayers)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lpips.distance(image(pair, "a"), image(pair, "b")));
            assertTrue(e.getMessage().contains("3 feature maps") && e.getMessage().contains("2 layers"),
                    e.getMessage());
        }
        Path negative = Files.writeString(dir.resolve("negative.json"), "{\"layers\": [[-0.5]]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LpipsModel.load(trunk, negative));
        assertTrue(e.getMessage().contains("negative.json"), e.getMessage());
    }

    private static RgbImage image(JsonNode pair, String field) {
        int width = pair.get("width").asInt();
        int height = pair.get("height").asInt();
        double[][] planes = new double[3][width * height];
        JsonNode pixels = pair.get(field);
        for (int i = 0; i < width * height; i++) {
            for (int c = 0; c < 3; c++) {
                planes[c][i] = pixels.get(i * 3 + c).asDouble();
            }
        }
        return new RgbImage(field, width, height, planes);
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
