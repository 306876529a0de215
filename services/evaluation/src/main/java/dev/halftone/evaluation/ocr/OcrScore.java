package dev.halftone.evaluation.ocr;

/**
 * One text-benchmark image scored against its target: the raw reading, both normalized strings
 * ({@link TextNormalization}), exact match of the normalized strings and their normalized edit distance.
 */
public record OcrScore(String target, String reading, String normalizedTarget, String normalizedReading,
                       boolean exactMatch, double ned) {

    public OcrScore {
        if (ned < 0 || ned > 1 || Double.isNaN(ned)) {
            throw new IllegalArgumentException("ned must lie in [0, 1], got " + ned);
        }
    }

    /** Scores a reading against a target; the target must not be blank after normalization. */
    public static OcrScore of(String target, String reading) {
        String normalizedTarget = TextNormalization.normalize(target);
        if (normalizedTarget.isEmpty()) {
            throw new IllegalArgumentException("OCR target must not be blank, got \"" + target + "\"");
        }
        String normalizedReading = TextNormalization.normalize(reading);
        return new OcrScore(target, reading, normalizedTarget, normalizedReading,
                normalizedTarget.equals(normalizedReading), EditDistance.normalized(normalizedTarget, normalizedReading));
    }
}
