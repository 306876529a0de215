package dev.halftone.generator;

/** The values of {@code halftone.generator.backend}: where the engine's linear layers run. */
public enum GeneratorBackend {
    /** The CPU kernels only; the CUDA library is never loaded. */
    CPU,
    /** The CUDA kernels, or no start at all. */
    CUDA,
    /** The CUDA kernels when a device answers, else the CPU. */
    AUTO
}
