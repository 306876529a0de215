package dev.halftone.scorer;

import dev.halftone.evaluation.metrics.ClipEncoders;
import dev.halftone.evaluation.metrics.LpipsModel;
import dev.halftone.evaluation.metrics.TextImageScore;
import dev.halftone.platform.ObjectStore;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ONNX models behind the scorer's learned metrics, each loaded once at start-up from the folder its setting
 * names (ScorerConfig; a local path or an object-store folder, see {@link ModelFolders}). A setting that names a
 * folder the model cannot be loaded from stops the scorer before it consumes anything, with the setting and the file
 * named: scoring a study without a metric the user asked for would be a silent loss. Each model serialises its own
 * runs (OnnxRuntimeModel), so the scorer's worker threads share them.
 */
record ScoringModels(Optional<ClipEncoders> clip, Optional<PickScoreModel> pick, Optional<LpipsModel> lpips)
        implements AutoCloseable {

    /** PickScore_v1's encoders and its logit scale (before exponentiation), read from one folder. */
    record PickScoreModel(ClipEncoders encoders, double logitScale) {
    }

    static ScoringModels load(ScorerConfig config, ObjectStore store) {
        var folders = new ModelFolders(store, config.modelCache());
        Optional<ClipEncoders> clip = Optional.empty();
        Optional<PickScoreModel> pick = Optional.empty();
        try {
            clip = config.clipModel().map(value -> loading("clip-model", value, folders,
                    folder -> ClipEncoders.load("CLIPScore", folder)));
            pick = config.pickModel().map(value -> loading("pick-model", value, folders, folder -> {
                double logitScale = TextImageScore.readLogitScale(folder);
                return new PickScoreModel(ClipEncoders.load("PickScore", folder), logitScale);
            }));
            Optional<LpipsModel> lpips = config.lpipsModel().map(value -> loading("lpips-model", value, folders,
                    LpipsModel::load));
            return new ScoringModels(clip, pick, lpips);
        } catch (RuntimeException e) {
            clip.ifPresent(ClipEncoders::close);
            pick.ifPresent(p -> p.encoders().close());
            throw e;
        }
    }

    /** Loads one model, naming its setting (as a property and as the environment variable) when it cannot. */
    private static <T> T loading(String setting, String value, ModelFolders folders, Function<Path, T> loader) {
        try {
            return loader.apply(folders.resolve(value));
        } catch (RuntimeException e) {
            throw new IllegalStateException("halftone.scorer." + setting + " (HALFTONE_SCORER_"
                    + setting.replace('-', '_').toUpperCase(Locale.ROOT) + ") = " + value + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        clip.ifPresent(ClipEncoders::close);
        pick.ifPresent(p -> p.encoders().close());
        lpips.ifPresent(LpipsModel::close);
    }
}
