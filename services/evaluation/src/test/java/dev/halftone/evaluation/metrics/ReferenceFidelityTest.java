package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agreement with scikit-image 0.26 on the pairs in src/test/resources/reference/fidelity (made by ssim_reference.py). */
class ReferenceFidelityTest {

    /** The acceptance bound; the observed gap is about 1e-15. */
    private static final double SKIMAGE_TOLERANCE = 1e-6;
    private static final String VECTORS = "/reference/fidelity/";

    @Test
    void ssimAndPsnrEqualScikitImage() throws IOException {
        JsonNode pairs = readVectors().get("pairs");
        assertEquals(10, pairs.size());
        for (JsonNode pair : pairs) {
            RgbImage reference = image(pair.get("reference").asText());
            RgbImage image = image(pair.get("image").asText());
            String label = pair.get("image").asText();
            assertEquals(pair.get("ssim").asDouble(), ReferenceFidelity.ssim(reference, image), SKIMAGE_TOLERANCE,
                    label);
            assertEquals(pair.get("psnr").asDouble(), ReferenceFidelity.psnr(reference, image), SKIMAGE_TOLERANCE,
                    label);
            double[] perChannel = StructuralSimilarity.perChannel(reference, image);
            for (int c = 0; c < 3; c++) {
                assertEquals(pair.get("ssimPerChannel").get(c).asDouble(), perChannel[c], SKIMAGE_TOLERANCE, label);
            }
        }
    }

    @Test
    void identicalImagesScoreOneAndInfinity() throws IOException {
        RgbImage scene = image("03-scene-plus-noise-a.png");
        assertEquals(1.0, ReferenceFidelity.ssim(scene, scene), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, ReferenceFidelity.psnr(scene, scene));
    }

    @Test
    void imagesOfDifferentSizesAreRejectedNamingBoth() throws IOException {
        RgbImage small = image("02-random-minimum-size-a.png");
        RgbImage large = image("01-random-plus-noise-a.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceFidelity.ssim(small, large));
        assertTrue(e.getMessage().contains("02-random-minimum-size-a.png"), e.getMessage());
        assertTrue(e.getMessage().contains("01-random-plus-noise-a.png"), e.getMessage());
        assertTrue(e.getMessage().contains("11x16") || e.getMessage().contains("16x11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReferenceFidelity.psnr(small, large));
    }

    @Test
    void imagesSmallerThanTheWindowAreRejected() {
        RgbImage tiny = RgbImage.of("tiny", new BufferedImage(10, 30, BufferedImage.TYPE_INT_RGB));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceFidelity.ssim(tiny, tiny));
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
    }

    @Test
    void missingAndUnreadableFilesAreNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("absent.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RgbImage.read(missing));
        assertTrue(e.getMessage().contains("absent.png"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        e = assertThrows(IllegalArgumentException.class, () -> RgbImage.read(text));
        assertTrue(e.getMessage().contains("notes.png"), e.getMessage());
    }

    private static JsonNode readVectors() throws IOException {
        try (InputStream in = ReferenceFidelityTest.class.getResourceAsStream(VECTORS + "skimage-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static RgbImage image(String file) throws IOException {
        try (InputStream in = ReferenceFidelityTest.class.getResourceAsStream(VECTORS + file)) {
            return RgbImage.of(file, ImageIO.read(in));
        }
    }
}
