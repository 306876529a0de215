package dev.halftone.scorer;

import dev.halftone.evaluation.metrics.ReferenceFidelity;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.schemas.ContractBounds;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * {@link ImageMetrics} over halftone-evaluation: PSNR and SSIM against the reference image (paper §4, reference
 * fidelity). A PNG's declared size is checked before its pixels are decoded, so a decompression bomb is refused
 * for the cost of reading its header.
 */
@ApplicationScoped
public class EvaluationMetrics implements ImageMetrics {

    @Override
    public Map<String, Double> standalone(byte[] png, String prompt) {
        decode(png);
        return Map.of();
    }

    @Override
    public Map<String, Double> fidelity(byte[] png, byte[] referencePng) {
        RgbImage image = decode(png);
        RgbImage reference = decode(referencePng);
        Map<String, Double> metrics = new TreeMap<>();
        double psnr = ReferenceFidelity.psnr(reference, image);
        // identical images have infinite PSNR, which no JSON number can carry: the metric is left out
        if (Double.isFinite(psnr)) {
            metrics.put("psnrToReference", psnr);
        }
        metrics.put("ssimToReference", ReferenceFidelity.ssim(reference, image));
        return metrics;
    }

    private static RgbImage decode(byte[] png) {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            try {
                reader.setInput(in);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > ContractBounds.MAX_SIDE || height > ContractBounds.MAX_SIDE) {
                    throw new IllegalArgumentException("image is " + width + "x" + height + ", larger than "
                            + ContractBounds.MAX_SIDE + " on a side");
                }
                return RgbImage.of("image", reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PNG: " + e.getMessage(), e);
        }
    }
}
