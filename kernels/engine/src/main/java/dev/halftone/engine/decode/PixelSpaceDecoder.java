package dev.halftone.engine.decode;

/**
 * The default model's decoder: the sample already is the image in [-1, 1];
 * {@code rgb8 = clamp(round((x + 1)·127.5), 0, 255)} in float32, round half to even (docs/model.md §4.2).
 */
public final class PixelSpaceDecoder implements LatentDecoder {

    @Override
    public RgbImage decode(Latent latent) {
        if (latent.channels() != 3) {
            throw new IllegalArgumentException("pixel-space decoding needs 3 channels, latent has "
                    + latent.channels());
        }
        int h = latent.height();
        int w = latent.width();
        float[] x = latent.values();
        byte[] rgb = new byte[3 * h * w];
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < h * w; i++) {
                rgb[i * 3 + ch] = (byte) toByte((float) Math.rint((x[ch * h * w + i] + 1f) * 127.5f));
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static int toByte(float rounded) {
        // NaN compares false both ways and lands on 0, like a clamp that propagates nothing
        if (!(rounded > 0f)) {
            return 0;
        }
        return rounded >= 255f ? 255 : (int) rounded;
    }
}
