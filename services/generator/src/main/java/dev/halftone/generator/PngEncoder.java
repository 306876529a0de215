package dev.halftone.generator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SequencedMap;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes 8-bit RGB pixels as a PNG with the generation parameters as tEXt chunks (PNG 1.2 §11.3.4.3), so an
 * image file alone says how to reproduce it. The same pixels and parameters always give the same bytes, which
 * keeps a redelivered task's overwrite identical.
 */
public final class PngEncoder {
    private static final String NATIVE_FORMAT = "javax_imageio_png_1.0";

    /**
     * @param rgb row-major pixels, three bytes (R, G, B) per pixel
     * @param text keyword to value, written in iteration order; keywords are Latin-1, 1 to 79 characters
     */
    public byte[] encode(int width, int height, byte[] rgb, SequencedMap<String, String> text) {
        if (rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes, a " + width + "x" + height
                    + " image needs " + (3L * width * height));
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i += 3) {
                image.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (var bytes = new ByteArrayOutputStream(); ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
            metadata.mergeTree(NATIVE_FORMAT, textTree(text));
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), null);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode textTree(Map<String, String> text) throws IIOInvalidTreeException {
        IIOMetadataNode entries = new IIOMetadataNode("tEXt");
        for (var entry : text.entrySet()) {
            IIOMetadataNode node = new IIOMetadataNode("tEXtEntry");
            node.setAttribute("keyword", entry.getKey());
            node.setAttribute("value", entry.getValue());
            entries.appendChild(node);
        }
        IIOMetadataNode root = new IIOMetadataNode(NATIVE_FORMAT);
        root.appendChild(entries);
        return root;
    }
}
