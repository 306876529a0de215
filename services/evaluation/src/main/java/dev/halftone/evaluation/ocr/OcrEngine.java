package dev.halftone.evaluation.ocr;

import java.awt.image.BufferedImage;
import java.util.List;

/** An OCR engine that reads the text in images; independent of the generation pipeline (paper §4, "Text"). */
public interface OcrEngine {

    /** The raw readings, one per image, in the order given. */
    List<String> readAll(List<BufferedImage> images);

    default String read(BufferedImage image) {
        return readAll(List.of(image)).getFirst();
    }

    /** Engine name and version, for the report. */
    String description();
}
