package dev.halftone.scorer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The scorer's settings; each can be set from the environment, e.g. HALFTONE_SCORER_STUDY_PATIENCE. */
@ConfigMapping(prefix = "halftone.scorer")
public interface ScorerConfig {

    /** How long scoring an image waits for its job's study to appear in the object store. */
    @WithDefault("10s")
    Duration studyPatience();

    /*
     * The model folders below are each a local path or an object-store folder, s3://<bucket>/<prefix>, fetched into
     * the model cache at start-up.
     */

    /**
     * CLIPScore's model folder (image_encoder.onnx, text_encoder.onnx, vocab.json, merges.txt; docs/evaluation.md
     * exports OpenAI CLIP ViT-L/14). Unset: no image gets a CLIPScore.
     */
    Optional<String> clipModel();

    /** PickScore's model folder: CLIPScore's four files plus logit_scale.txt. Unset: no image gets a PickScore. */
    Optional<String> pickModel();

    /**
     * LPIPS's model folder (alexnet_features.onnx, lpips_alex_v0.1.json). Unset: no image gets an LPIPS distance
     * to its reference.
     */
    Optional<String> lpipsModel();

    /** Where the scorer keeps the model folders it fetched from the object store. */
    @WithDefault("${java.io.tmpdir}/halftone-scorer-models")
    Path modelCache();
}
