package dev.halftone.evaluation.prompts;

/**
 * How many prompts each disjoint set of a study gets (paper §4: calibration 128, quality 200, text benchmark).
 *
 * @param calibration general prompts for activation profiling and SmoothQuant scales
 * @param quality     general prompts for Pick/CLIP and reference fidelity, category-stratified
 * @param text        text-rendering prompts for the OCR benchmark, category-stratified
 */
public record SplitSizes(int calibration, int quality, int text) {

    /** The halftone-tiny default prompt set's split. */
    public static final SplitSizes HALFTONE_TINY = new SplitSizes(16, 32, 32);

    public SplitSizes {
        if (calibration < 0 || quality < 0 || text < 0) {
            throw new IllegalArgumentException("split sizes must not be negative: calibration " + calibration
                    + ", quality " + quality + ", text " + text);
        }
    }
}
