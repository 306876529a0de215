package dev.halftone.scorer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The scorer's settings as a test gives them, without Quarkus. */
record TestScorerConfig(Duration studyPatience, Optional<Path> clipModel, Optional<Path> pickModel,
                        Optional<Path> lpipsModel) implements ScorerConfig {

    static TestScorerConfig withoutModels(Duration studyPatience) {
        return new TestScorerConfig(studyPatience, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
