package dev.halftone.engine.decode;

/** An 8-bit RGB image, rows top to bottom, pixels interleaved {@code r, g, b}. */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb == null || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("rgb must hold 3x" + width + "x" + height + " bytes, got "
                    + (rgb == null ? "null" : rgb.length));
        }
    }

    /** Channel ch (0 = red) of the pixel at (x, y), 0..255. */
    public int channel(int x, int y, int ch) {
        return rgb[(y * width + x) * 3 + ch] & 0xFF;
    }
}
