package dev.halftone.cuda;

import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;

/**
 * The engine's {@link LinearBackend} seam served by a {@link CudaLinear}: the same interface as the CPU backends,
 * so a loader picks it through {@link CudaBackendChoice} and falls back to the CPU when no GPU answers. Outputs
 * differ from the CPU backends by the bf16 rounding of activations and outputs (docs/gpu.md states the bounds).
 */
public final class CudaLinearBackend implements LinearBackend, AutoCloseable {
    private final String name;
    private final CudaLinear layer;
    private final long storedBytes;

    /** Serves {@code layer} as the layer {@code name}; {@code storedBytes} as in the checkpoint it came from. */
    public CudaLinearBackend(String name, CudaLinear layer, long storedBytes) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a linear backend needs the layer's checkpoint name");
        }
        if (storedBytes <= 0) {
            throw new IllegalArgumentException(name + ": storedBytes must be positive, got " + storedBytes);
        }
        this.name = name;
        this.layer = layer;
        this.storedBytes = storedBytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LinearFormat format() {
        return layer.kernel().linearFormat();
    }

    @Override
    public int inFeatures() {
        return layer.inFeatures();
    }

    @Override
    public int outFeatures() {
        return layer.outFeatures();
    }

    @Override
    public long storedBytes() {
        return storedBytes;
    }

    @Override
    public void forward(float[] input, int rows, float[] output) {
        layer.forward(input, rows, output);
    }

    /** The CUDA kernel behind this layer. */
    public CudaKernel kernel() {
        return layer.kernel();
    }

    @Override
    public void close() {
        layer.close();
    }
}
