package dev.halftone.evaluation.report;

/** OCR exact-match rate and mean NED of one variant on one prompt category. */
public record CategoryOcr(String variant, String category, int n, double exactMatchRate, double meanNed) {
}
