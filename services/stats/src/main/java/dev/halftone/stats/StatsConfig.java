package dev.halftone.stats;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The stats service's settings; each can be set from the environment, e.g. HALFTONE_STATS_MAX_EARLY_RESULTS. */
@ConfigMapping(prefix = "halftone.stats")
public interface StatsConfig {

    /** How many results may wait for a job stats has not seen yet; past that they go to the dead-letter topic. */
    @WithDefault("100000")
    int maxEarlyResults();

    /** The largest study (variants x prompts x seeds) stats follows; bigger ones go to the dead-letter topic. */
    @WithDefault("100000")
    long maxImagesPerJob();

    /** How many recent dashboard events a new dashboard subscriber receives first. */
    @WithDefault("2000")
    int dashboardBacklog();
}
