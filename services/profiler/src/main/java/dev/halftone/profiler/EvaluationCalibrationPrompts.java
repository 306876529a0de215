package dev.halftone.profiler;

import dev.halftone.evaluation.prompts.Prompt;
import dev.halftone.evaluation.prompts.PromptSetReader;
import dev.halftone.evaluation.prompts.SplitSizes;
import dev.halftone.evaluation.prompts.StratifiedSplit;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * {@link CalibrationPrompts} from halftone-evaluation's halftone-tiny prompt set: its seeded, category-stratified
 * calibration split, which shares no prompt with the quality and text splits that studies evaluate on.
 */
@ApplicationScoped
public class EvaluationCalibrationPrompts implements CalibrationPrompts {
    /** The split's seed: the paper's seed, so every tool that splits the set gets the same calibration prompts. */
    static final long SPLIT_SEED = 1000;
    private final List<String> calibration = StratifiedSplit.split(PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY),
            SplitSizes.HALFTONE_TINY, SPLIT_SEED).calibration().stream().map(Prompt::text).toList();

    @Override
    public List<String> first(int count) {
        if (count < 1 || count > calibration.size()) {
            throw new IllegalArgumentException("halftone.profiler.calibration-prompts is " + count + ", the calibration split has "
                    + calibration.size() + " prompts");
        }
        return calibration.subList(0, count);
    }
}
