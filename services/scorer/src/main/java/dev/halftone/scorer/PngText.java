package dev.halftone.scorer;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;

/** Reads the generation parameters the generator wrote into a PNG's tEXt chunks. */
final class PngText {
    private PngText() {
    }

    /** The {@code halftone.prompt} chunk: the prompt the image was rendered from. */
    static String prompt(byte[] png) {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            try {
                reader.setInput(in);
                var root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
                var entries = root.getElementsByTagName("tEXtEntry");
                for (int i = 0; i < entries.getLength(); i++) {
                    var entry = (IIOMetadataNode) entries.item(i);
                    if (entry.getAttribute("keyword").equals("halftone.prompt")) {
                        return entry.getAttribute("value");
                    }
                }
                throw new IllegalArgumentException("image has no halftone.prompt text chunk");
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PNG: " + e.getMessage(), e);
        }
    }
}
