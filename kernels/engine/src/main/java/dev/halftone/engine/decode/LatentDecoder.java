package dev.halftone.engine.decode;

/** Turns the sampler's final latent into an RGB image (identity-like for pixel-space models, a VAE otherwise). */
public interface LatentDecoder extends AutoCloseable {

    RgbImage decode(Latent latent);

    /** Releases native resources; the built-in decoder holds none. */
    @Override
    default void close() {
    }
}
