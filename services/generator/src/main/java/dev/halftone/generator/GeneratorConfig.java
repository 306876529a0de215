package dev.halftone.generator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * Where the engine's linear layers run: {@code cpu} (the Java kernels; the CUDA library is never loaded),
     * {@code cuda} (the CUDA kernels of kernels/cuda for every layer they take; startup fails with the reason when
     * no library or device answers) or {@code auto} (CUDA when a device answers, else the CPU, the reason logged once
     * at startup). The library is {@code halftone.cuda.library}, else the halftone-cuda jar's copy.
     */
    @WithDefault("auto")
    GeneratorBackend backend();

    /**
     * The device name reported with each image; unset, the name of the CUDA device the linears run on
     * ({@link EngineBackend}), else {@code cpu}.
     */
    Optional<String> device();
}
