package dev.halftone.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;

import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

class PngEncoderTest {

    @Test
    void writesPixelsAndTextChunksAndIsDeterministic() throws Exception {
        byte[] rgb = {(byte) 255, 0, 0, 0, (byte) 128, 0, 0, 0, 7, 1, 2, 3};
        SequencedMap<String, String> text = new LinkedHashMap<>();
        text.put("halftone.seed", "1000");
        text.put("halftone.prompt", "a red cube");
        byte[] png = new PngEncoder().encode(2, 2, rgb, text);
        assertArrayEquals(png, new PngEncoder().encode(2, 2, rgb, text), "a replayed task must write identical bytes");

        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(png)));
        var image = reader.read(0);
        assertEquals(0x008000, image.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x010203, image.getRGB(1, 1) & 0xFFFFFF);
        var root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
        NodeList entries = root.getElementsByTagName("tEXtEntry");
        assertEquals(2, entries.getLength());
        assertEquals("a red cube", ((IIOMetadataNode) entries.item(1)).getAttribute("value"));
    }

    @Test
    void rejectsAPixelBufferOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> new PngEncoder().encode(2, 2, new byte[11], new LinkedHashMap<>()));
    }
}
