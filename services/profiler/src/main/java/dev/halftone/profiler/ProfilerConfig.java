package dev.halftone.profiler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The profiler's settings; each can be set from the environment, e.g. HALFTONE_PROFILER_CALIBRATION_PROMPTS. */
@ConfigMapping(prefix = "halftone.profiler")
public interface ProfilerConfig {

    /** How many calibration prompts to profile on (paper §3: 8 suffice, the ranking is trajectory-stable). */
    @WithDefault("8")
    int calibrationPrompts();

    /** Where profiles are written before they are stored. */
    @WithDefault("${java.io.tmpdir}/halftone-profiler")
    Path workDirectory();
}
