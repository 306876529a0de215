package dev.halftone.scorer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The scorer's settings as a test gives them, without Quarkus. */
record TestScorerConfig(Duration studyPatience, Optional<String> clipModel, Optional<String> pickModel,
                        Optional<String> lpipsModel, Path modelCache) implements ScorerConfig {

    static TestScorerConfig withoutModels(Duration studyPatience) {
        return new TestScorerConfig(studyPatience, Optional.empty(), Optional.empty(), Optional.empty(),
                Path.of(System.getProperty("java.io.tmpdir"), "halftone-scorer-test-models"));
    }

    static TestScorerConfig withModels(Path clip, Path pick, Path lpips, Path modelCache) {
        return new TestScorerConfig(Duration.ZERO, Optional.ofNullable(clip).map(Path::toString),
                Optional.ofNullable(pick).map(Path::toString), Optional.ofNullable(lpips).map(Path::toString), modelCache);
    }
}
