package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ClipEncoders' resize and centre crop against Pillow 9.4 (src/test/python/clip_preprocess_reference.py, run with
 * Debian's python3-pil): the same test pattern, computed here from its formula, must give the stored 224 x 224 crop
 * byte for byte, upscaled, downscaled (Pillow's antialiasing filter), untouched along one side, cropped along either.
 */
class ClipPreprocessingTest {

    @ParameterizedTest
    @CsvSource({"128, 64", "640, 480", "300, 224", "224, 500", "97, 331"})
    void resizeAndCropEqualPillowByteForByte(int width, int height) throws IOException {
        BufferedImage expected;
        try (InputStream in = getClass().getResourceAsStream("/reference/clip/crop-" + width + "x" + height + ".png")) {
            expected = ImageIO.read(in);
        }
        int[] crop = ClipEncoders.resizedCrop(RgbImage.of("pattern", pattern(width, height)));
        int differing = 0;
        int largest = 0;
        for (int y = 0; y < ClipEncoders.IMAGE_SIZE; y++) {
            for (int x = 0; x < ClipEncoders.IMAGE_SIZE; x++) {
                int rgb = expected.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int difference = Math.abs((rgb >> (16 - 8 * c) & 0xFF) - crop[(y * ClipEncoders.IMAGE_SIZE + x) * 3 + c]);
                    differing += difference == 0 ? 0 : 1;
                    largest = Math.max(largest, difference);
                }
            }
        }
        assertEquals(0, differing, width + "x" + height + ": samples differing from Pillow (largest difference " + largest + ")");
    }

    /** clip_preprocess_reference.py's pattern: ramps per channel plus a 9 x 7 checkerboard, wrapped to a byte. */
    private static BufferedImage pattern(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int checker = ((x / 9 + y / 7) % 2) * 90;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    rgb = rgb << 8 | (x * (c + 2) + y * (3 - c) + checker + c * 40) % 256;
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}
