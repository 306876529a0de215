package dev.halftone.engine.decode;

/** A latent or pixel-space sample, (channels, height, width) row-major float32. */
public record Latent(int channels, int height, int width, float[] values) {

    public Latent {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("latent shape must be positive, got (" + channels + ", " + height
                    + ", " + width + ")");
        }
        if (values == null || values.length != channels * height * width) {
            throw new IllegalArgumentException("latent values must hold " + channels + "x" + height + "x" + width
                    + " floats, got " + (values == null ? "null" : values.length));
        }
    }
}
