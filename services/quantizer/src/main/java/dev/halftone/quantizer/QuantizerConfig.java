package dev.halftone.quantizer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** The quantizer's settings; each can be set from the environment, e.g. HALFTONE_QUANTIZER_WORK_DIRECTORY. */
@ConfigMapping(prefix = "halftone.quantizer")
public interface QuantizerConfig {

    /** Where variants are built before they are stored. */
    @WithDefault("${java.io.tmpdir}/halftone-quantizer")
    Path workDirectory();

    /** How long a completed profile waits for its study, which arrives on another topic. */
    @WithDefault("10s")
    Duration studyPatience();
}
