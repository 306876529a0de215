package dev.halftone.generator;

/**
 * One loaded variant that renders images: both branches' weights in memory, ready for many prompts and seeds.
 * The engine adapter implements it; tests use a fake that draws a pattern from the seed.
 */
public interface VariantRenderer extends AutoCloseable {

    /** Row-major 8-bit RGB pixels of one image of the model's native size. */
    RenderedImage render(String prompt, long seed, int steps, double guidance);

    @Override
    void close();

    /** Pixels of one image and the time its denoising loop took. */
    record RenderedImage(int width, int height, byte[] rgb, long denoiseMs) {
    }
}
