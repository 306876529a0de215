package dev.halftone.cuda;

import java.nio.file.Path;

/** Whether the CUDA backend can run here: a loaded library and a device, or the reason it cannot. */
public sealed interface CudaAvailability {

    /** libhalftone_cuda is loaded from {@code library} and {@code device} answers. */
    record Available(Path library, CudaDevice device) implements CudaAvailability {
    }

    /** The CUDA backend cannot run; {@code reason} says why in words a person can act on. */
    record Unavailable(String reason) implements CudaAvailability {
        public Unavailable {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("reason must say why CUDA is unavailable");
            }
        }
    }
}
