package dev.halftone.generator;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/** Where the CUDA library comes from; the image sets HALFTONE_CUDA_LIBRARY (docs/operations.md, "Images"). */
@ConfigMapping(prefix = "halftone.cuda")
public interface CudaConfig {

    /** libhalftone_cuda.so to load; unset means the copy inside the halftone-cuda jar. */
    Optional<Path> library();
}
