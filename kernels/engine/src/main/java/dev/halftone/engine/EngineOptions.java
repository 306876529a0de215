package dev.halftone.engine;

/**
 * How the engine runs, built once at the edge (CLI flags, service config); kernels read nothing else.
 *
 * @param threads worker threads for matmuls and attention; results do not depend on it (each output element is
 *                computed by one thread in one fixed order)
 * @param kernels which matmul implementation runs
 */
public record EngineOptions(int threads, KernelChoice kernels) {

    public EngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (kernels == null) {
            throw new IllegalArgumentException("kernels must not be null");
        }
    }

    /** All available processors, Vector API kernels. */
    public static EngineOptions defaults() {
        return new EngineOptions(Runtime.getRuntime().availableProcessors(), KernelChoice.VECTOR);
    }

    /** Scalar reference kernels or Vector API kernels; both give bit-identical float32 results. */
    public enum KernelChoice { VECTOR, REFERENCE }
}
