package dev.halftone.scorer;

import dev.halftone.evaluation.metrics.ReferenceFidelity;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.evaluation.ocr.OcrEngine;
import dev.halftone.evaluation.ocr.OcrScore;
import dev.halftone.evaluation.ocr.TesseractOcr;
import dev.halftone.evaluation.prompts.Prompt;
import dev.halftone.evaluation.prompts.PromptSetReader;
import dev.halftone.evaluation.report.Metric;
import dev.halftone.schemas.ContractBounds;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * {@link ImageMetrics} over halftone-evaluation: OCR exact match and normalized edit distance (Tesseract) for prompts
 * of the halftone-tiny set that carry an OCR target, and PSNR and SSIM against the reference image (paper §4). A
 * PNG's declared size is checked before its pixels are decoded, so a decompression bomb is refused for the cost of
 * reading its header.
 */
@ApplicationScoped
public class EvaluationMetrics implements ImageMetrics {
    private final OcrEngine ocr = new TesseractOcr();
    /** OCR targets by prompt text: the image's PNG carries its prompt, the prompt set knows what it should say. */
    private final Map<String, String> ocrTargets = PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY).prompts().stream()
            .filter(p -> p.ocrTarget().isPresent())
            .collect(Collectors.toMap(Prompt::text, p -> p.ocrTarget().orElseThrow(), (a, b) -> a));

    @Override
    public Map<String, Double> standalone(byte[] png) {
        decode(png); // the size check, before OCR decodes the pixels again
        String target = ocrTargets.get(PngText.prompt(png));
        if (target == null) {
            return Map.of();
        }
        var score = OcrScore.of(target, ocr.readAll(List.of(toBufferedImage(png))).getFirst());
        return Map.of(Metric.OCR_NED.key(), score.ned(), Metric.OCR_EXACT.key(), score.exactMatch() ? 1.0 : 0.0);
    }

    @Override
    public Map<String, Double> fidelity(byte[] png, byte[] referencePng) {
        RgbImage image = decode(png);
        RgbImage reference = decode(referencePng);
        Map<String, Double> metrics = new TreeMap<>();
        double psnr = ReferenceFidelity.psnr(reference, image);
        // identical images have infinite PSNR, which no JSON number can carry: the metric is left out
        if (Double.isFinite(psnr)) {
            metrics.put(Metric.PSNR.key(), psnr);
        }
        metrics.put(Metric.SSIM.key(), ReferenceFidelity.ssim(reference, image));
        return metrics;
    }

    private static BufferedImage toBufferedImage(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PNG: " + e.getMessage(), e);
        }
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
