package dev.halftone.evaluation.ocr;

import java.time.Duration;

/**
 * How {@link TesseractOcr} runs the {@code tesseract} command.
 *
 * @param executable       command name or path of the tesseract binary
 * @param language         traineddata language ({@code eng} is Debian's {@code tesseract-ocr-eng})
 * @param pageSegmentation Tesseract's --psm; 7 treats the image as one text line, the benchmark's signs and labels
 * @param minimumHeight    images lower than this are upscaled (bicubic, integer factor) before OCR
 * @param timeout          limit for one batch
 */
public record TesseractOptions(String executable, String language, int pageSegmentation, int minimumHeight,
                               Duration timeout) {

    /**
     * Images under 128 px high are upscaled by an integer factor (2x for the tiny model's 128x64). Measured here
     * on 624 synthetic DejaVu signs (the 144 of TesseractOcrTest plus 480 from an exploratory sweep), exact match
     * was 97.4% without upscaling, 99.4% at 2x and 99.2% at 4x (docs/evaluation.md).
     */
    public static final TesseractOptions DEFAULTS =
            new TesseractOptions("tesseract", "eng", 7, 128, Duration.ofMinutes(10));

    public TesseractOptions {
        if (executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("tesseract executable must not be blank");
        }
        if (language == null || !language.matches("[A-Za-z_+]+")) {
            throw new IllegalArgumentException("tesseract language must be traineddata names joined by '+', got "
                    + language);
        }
        if (pageSegmentation < 0 || pageSegmentation > 13) {
            throw new IllegalArgumentException("tesseract pageSegmentation (--psm) must be 0..13, got "
                    + pageSegmentation);
        }
        if (minimumHeight < 1) {
            throw new IllegalArgumentException("minimumHeight must be positive, got " + minimumHeight);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tesseract timeout must be positive, got " + timeout);
        }
    }

    public TesseractOptions withExecutable(String path) {
        return new TesseractOptions(path, language, pageSegmentation, minimumHeight, timeout);
    }

    public TesseractOptions withMinimumHeight(int pixels) {
        return new TesseractOptions(executable, language, pageSegmentation, pixels, timeout);
    }
}
