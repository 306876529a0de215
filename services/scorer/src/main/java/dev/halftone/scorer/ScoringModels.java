package dev.halftone.scorer;

import dev.halftone.evaluation.metrics.ClipEncoders;
import dev.halftone.evaluation.metrics.LpipsModel;
import dev.halftone.evaluation.metrics.TextImageScore;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ONNX models behind the scorer's learned metrics, each loaded once at start-up from the folder its setting
 * names (ScorerConfig). A setting that names a folder the model cannot be loaded from stops the scorer before it
 * consumes anything, with the setting and the file named: scoring a study without a metric the user asked for would
 * be a silent loss. Each model serialises its own runs (OnnxRuntimeModel), so the scorer's worker threads share them.
 *
 * @param pickLogitScale PickScore_v1's logit scale, read with its encoders (NaN without a PickScore model)
 */
record ScoringModels(Optional<ClipEncoders> clip, Optional<ClipEncoders> pick, double pickLogitScale,
                     Optional<LpipsModel> lpips) implements AutoCloseable {

    static ScoringModels load(ScorerConfig config) {
        Optional<ClipEncoders> clip = Optional.empty();
        Optional<ClipEncoders> pick = Optional.empty();
        try {
            clip = config.clipModel().map(folder -> loading("clip-model", folder, f -> ClipEncoders.load("CLIPScore", f)));
            pick = config.pickModel().map(folder -> loading("pick-model", folder, f -> ClipEncoders.load("PickScore", f)));
            double logitScale = config.pickModel()
                    .map(folder -> loading("pick-model", folder, TextImageScore::readLogitScale)).orElse(Double.NaN);
            Optional<LpipsModel> lpips = config.lpipsModel().map(folder -> loading("lpips-model", folder, LpipsModel::load));
            return new ScoringModels(clip, pick, logitScale, lpips);
        } catch (RuntimeException e) {
            clip.ifPresent(ClipEncoders::close);
            pick.ifPresent(ClipEncoders::close);
            throw e;
        }
    }

    /** Loads one model, naming its setting (as a property and as the environment variable) when it cannot. */
    private static <T> T loading(String setting, Path folder, Function<Path, T> loader) {
        try {
            return loader.apply(folder);
        } catch (RuntimeException e) {
            throw new IllegalStateException("halftone.scorer." + setting + " (HALFTONE_SCORER_"
                    + setting.replace('-', '_').toUpperCase(Locale.ROOT) + ") = " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        clip.ifPresent(ClipEncoders::close);
        pick.ifPresent(ClipEncoders::close);
        lpips.ifPresent(LpipsModel::close);
    }
}
