package dev.halftone.evaluation.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two standalone quality scalings of a CLIP-family cosine similarity (paper §4, "Standalone quality").
 * CLIPScore: torchmetrics' max(100 cos, 0) (Hessel et al.'s 2.5 max(cos, 0) differs by a constant factor).
 * PickScore: exp(logit_scale) cos with PickScore_v1's learned logit scale, typically about 18-23.
 */
public final class TextImageScore {

    private TextImageScore() {
    }

    public static double clipScore(double cosine) {
        return Math.max(100 * cosine, 0);
    }

    /** @param logitScale the model's logit_scale parameter, before exponentiation */
    public static double pickScore(double cosine, double logitScale) {
        if (!Double.isFinite(logitScale)) {
            throw new IllegalArgumentException("PickScore logit_scale must be finite, got " + logitScale);
        }
        return Math.exp(logitScale) * cosine;
    }

    /**
     * PickScore_v1's logit_scale, read from {@code logit_scale.txt} (one number) in the PickScore model folder
     * beside its ONNX encoders; the export script writes it from {@code model.logit_scale.item()}.
     */
    public static double readLogitScale(Path folder) {
        Path file = folder.resolve("logit_scale.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("PickScore logit scale file not found: " + file);
        }
        try {
            return Double.parseDouble(Files.readString(file).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PickScore logit scale file " + file + " must hold one number", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
