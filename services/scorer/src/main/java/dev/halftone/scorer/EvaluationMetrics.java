package dev.halftone.scorer;

import dev.halftone.evaluation.metrics.ReferenceFidelity;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.evaluation.metrics.TextImageScore;
import dev.halftone.evaluation.ocr.OcrEngine;
import dev.halftone.evaluation.ocr.OcrScore;
import dev.halftone.evaluation.ocr.TesseractOcr;
import dev.halftone.evaluation.prompts.Prompt;
import dev.halftone.evaluation.prompts.PromptSetReader;
import dev.halftone.evaluation.report.Metric;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ContractBounds;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
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
 * {@link ImageMetrics} over halftone-evaluation (paper §4): OCR exact match and normalized edit distance (Tesseract)
 * for prompts of the halftone-tiny set that carry an OCR target, CLIPScore and PickScore of the image and the prompt
 * in its PNG when their models are configured, and PSNR, SSIM and (configured) LPIPS against the reference image. A
 * PNG's declared size is checked before its pixels are decoded, so a decompression bomb is refused for the cost of
 * reading its header. Created at start-up, so a configured model that cannot be loaded stops the scorer before it
 * consumes an image.
 */
@Startup
@ApplicationScoped
public class EvaluationMetrics implements ImageMetrics {
    private final OcrEngine ocr = new TesseractOcr();
    private final ScoringModels models;
    /** OCR targets by prompt text: the image's PNG carries its prompt, the prompt set knows what it should say. */
    private final Map<String, String> ocrTargets = PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY).prompts().stream()
            .filter(p -> p.ocrTarget().isPresent())
            .collect(Collectors.toMap(Prompt::text, p -> p.ocrTarget().orElseThrow(), (a, b) -> a));

    public EvaluationMetrics(ScorerConfig config, ObjectStore store) {
        this.models = ScoringModels.load(config, store);
    }

    @PreDestroy
    void close() {
        models.close();
    }

    @Override
    public Map<String, Double> standalone(byte[] png) {
        RgbImage image = decode(png); // also the size check, before OCR decodes the pixels again
        String prompt = PngText.prompt(png);
        Map<String, Double> metrics = new TreeMap<>();
        String target = ocrTargets.get(prompt);
        if (target != null) {
            var score = OcrScore.of(target, ocr.readAll(List.of(toBufferedImage(png))).getFirst());
            metrics.put(Metric.OCR_NED.key(), score.ned());
            metrics.put(Metric.OCR_EXACT.key(), score.exactMatch() ? 1.0 : 0.0);
        }
        models.clip().ifPresent(clip -> metrics.put(Metric.CLIP.key(), TextImageScore.clipScore(clip.cosine(image, prompt))));
        models.pick().ifPresent(pick -> metrics.put(Metric.PICK.key(),
                TextImageScore.pickScore(pick.encoders().cosine(image, prompt), pick.logitScale())));
        return metrics;
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
        models.lpips().ifPresent(lpips -> metrics.put(Metric.LPIPS.key(), lpips.distance(reference, image)));
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
