package dev.halftone.scorer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The scorer's settings; each can be set from the environment, e.g. HALFTONE_SCORER_STUDY_PATIENCE. */
@ConfigMapping(prefix = "halftone.scorer")
public interface ScorerConfig {

    /** How long scoring an image waits for its job's study to appear in the object store. */
    @WithDefault("10s")
    Duration studyPatience();
}
