package dev.halftone.evaluation.metrics;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image held as three row-major planes of sample values 0..255, with the name that error messages
 * quote (a file path or a caller's label).
 *
 * <p>Conversion goes through {@link BufferedImage#getRGB}: greyscale images become R = G = B, 16-bit images are
 * reduced to 8 bits, and alpha is dropped (generated images are opaque; a metric must not depend on it).
 */
public record RgbImage(String name, int width, int height, double[][] planes) {

    public static final int CHANNELS = 3;

    public RgbImage {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("image name must not be blank");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image " + name + ": size must be positive, got " + width + "x" + height);
        }
        if (planes == null || planes.length != CHANNELS) {
            throw new IllegalArgumentException("image " + name + ": expected " + CHANNELS + " colour planes");
        }
        for (double[] plane : planes) {
            if (plane == null || plane.length != width * height) {
                throw new IllegalArgumentException("image " + name + ": every plane must hold width*height samples");
            }
        }
    }

    /** Reads a PNG (or any format ImageIO knows) from disk. */
    public static RgbImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("image file not found: " + file);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
        if (image == null) {
            throw new IllegalArgumentException("not a readable image (no ImageIO decoder): " + file);
        }
        return of(file.toString(), image);
    }

    public static RgbImage of(String name, BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        double[][] planes = new double[CHANNELS][width * height];
        for (int i = 0; i < argb.length; i++) {
            planes[0][i] = (argb[i] >> 16) & 0xFF;
            planes[1][i] = (argb[i] >> 8) & 0xFF;
            planes[2][i] = argb[i] & 0xFF;
        }
        return new RgbImage(name, width, height, planes);
    }

    public double sample(int channel, int x, int y) {
        return planes[channel][y * width + x];
    }

    public String size() {
        return width + "x" + height;
    }

    /** Fails naming both images unless they have the same width and height. */
    public void requireSameSize(RgbImage other) {
        if (width != other.width || height != other.height) {
            throw new IllegalArgumentException("images differ in size: " + name + " is " + size() + ", "
                    + other.name + " is " + other.size());
        }
    }
}
