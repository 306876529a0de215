package dev.halftone.evaluation.report;

/**
 * One row of Table 3: an ablation configuration (naive W8A8, +SmoothQuant, +protection, both) or a rung of the
 * protection ladder (top-k layers kept in bf16), with its score on the table's metric.
 *
 * @param protectedLayers k for a ladder rung, -1 for an ablation configuration
 * @param chosen          the configuration the recipe adopts
 */
public record AblationRow(String configuration, int protectedLayers, double value, boolean chosen) {

    public boolean isLadderRung() {
        return protectedLayers >= 0;
    }
}
