package dev.halftone.scorer;

import java.util.Map;

/**
 * The scorer's metrics, backed by halftone-evaluation: standalone ones need only the image and its prompt,
 * fidelity ones compare it with the reference variant's image of the same prompt and seed.
 */
public interface ImageMetrics {

    /**
     * Metrics of the image alone; the prompt it was rendered from is in its PNG text chunks.
     *
     * @throws IllegalArgumentException when the bytes are not a decodable image of a sane size
     */
    Map<String, Double> standalone(byte[] png);

    /** PSNR, SSIM, LPIPS (when its model is available), keyed as halftone-evaluation's {@code Metric} keys. */
    Map<String, Double> fidelity(byte[] png, byte[] referencePng);
}
