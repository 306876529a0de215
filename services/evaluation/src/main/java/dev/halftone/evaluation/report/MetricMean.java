package dev.halftone.evaluation.report;

/** The mean of one metric over the n images of one variant that have it. */
public record MetricMean(int n, double mean) {
}
