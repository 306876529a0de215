package dev.halftone.ggufencoder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The encoder's settings; each can be set from the environment, e.g. HALFTONE_GGUF_ENCODER_WORK_DIRECTORY. */
@ConfigMapping(prefix = "halftone.gguf-encoder")
public interface EncoderConfig {

    /** Where GGUF files are written before they are stored. */
    @WithDefault("${java.io.tmpdir}/halftone-gguf-encoder")
    Path workDirectory();
}
