package dev.halftone.evaluation.report;

/** A paired comparison the study asks for: candidate minus baseline on one metric, per shared prompt and seed. */
public record PairRequest(String baseline, String candidate, Metric metric) {

    public PairRequest {
        if (baseline.equals(candidate)) {
            throw new IllegalArgumentException("a pair compares two different variants, got " + baseline + " twice");
        }
    }
}
