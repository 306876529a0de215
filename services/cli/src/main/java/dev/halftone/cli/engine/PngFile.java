package dev.halftone.cli.engine;

import dev.halftone.engine.decode.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an engine image as an 8-bit RGB PNG. */
final class PngFile {

    private PngFile() {
    }

    static void write(RgbImage image, Path path) throws IOException {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out.setRGB(x, y, image.channel(x, y, 0) << 16 | image.channel(x, y, 1) << 8 | image.channel(x, y, 2));
            }
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(out, "png", path.toFile())) {
            throw new IOException("no PNG writer available for " + path);
        }
    }
}
