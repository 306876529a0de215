package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LPIPS through DJL's ONNX Runtime engine end to end: the trunk defined in reference/lpips/tiny-trunk.json is
 * written as an ONNX file (StandInLpipsModel), run by ONNX Runtime, and the Java head's distances are compared with NumPy's float64
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
        reference = StandInLpipsModel.reference();
        StandInLpipsModel.write(dir);
        trunk = dir.resolve(LpipsModel.TRUNK_FILE);
        weights = dir.resolve(LpipsModel.WEIGHTS_FILE);
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
}
