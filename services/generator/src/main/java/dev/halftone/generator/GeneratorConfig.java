package dev.halftone.generator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** The generator's settings; each can be set from the environment, e.g. HALFTONE_GENERATOR_LOADED_VARIANTS. */
@ConfigMapping(prefix = "halftone.generator")
public interface GeneratorConfig {

    /** How many variants a worker keeps loaded at once (an LRU); each costs both branches' weights in memory. */
    @WithDefault("2")
    int loadedVariants();

    /** The largest study (variants x prompts x seeds) the planner accepts; bigger ones go to the dead-letter topic. */
    @WithDefault("100000")
    long maxImagesPerJob();

    /** How long planning a ready variant waits for its study, which arrives on another topic. */
    @WithDefault("10s")
    Duration studyPatience();

    /** Where a worker keeps the variant files it fetched from the object store. */
    @WithDefault("${java.io.tmpdir}/halftone-generator")
    Path variantCache();

    /** The device name reported with each image. */
    @WithDefault("cpu")
    String device();
}
