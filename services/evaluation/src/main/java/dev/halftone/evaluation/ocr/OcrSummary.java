package dev.halftone.evaluation.ocr;

import java.util.Collection;

/** Exact-match rate and mean NED over a group of OCR scores (one variant, one category or all prompts). */
public record OcrSummary(int n, double exactMatchRate, double meanNed) {

    public OcrSummary {
        if (n <= 0) {
            throw new IllegalArgumentException("an OCR summary needs at least one score");
        }
    }

    public static OcrSummary of(Collection<OcrScore> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("cannot summarise an empty set of OCR scores");
        }
        double matches = scores.stream().filter(OcrScore::exactMatch).count();
        double ned = scores.stream().mapToDouble(OcrScore::ned).sum();
        return new OcrSummary(scores.size(), matches / scores.size(), ned / scores.size());
    }
}
