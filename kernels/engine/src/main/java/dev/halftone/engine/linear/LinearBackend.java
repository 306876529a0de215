package dev.halftone.engine.linear;

/**
 * One linear layer {@code y = x·Wᵀ + b} in one weight format, the seam every weight format (and the CUDA engine)
 * implements. Activations are float32, row-major, owned by the engine: {@code input} is rows × inFeatures and is
 * not modified, {@code output} is rows × outFeatures and is overwritten; both arrays may be longer than that
 * (the engine sizes its buffers for the longest sequence). Implementations allocate no per-call buffer that scales
 * with the layer, and a backend serves one forward at a time (the engine runs one sampler per loaded branch).
 */
public interface LinearBackend {

    /** The checkpoint name of the layer, e.g. {@code layers.3.feed_forward.w2}. */
    String name();

    LinearFormat format();

    /** k, the input width. */
    int inFeatures();

    /** n, the output width. */
    int outFeatures();

    /** Bytes the weight, bias and scales take in the checkpoint this backend was loaded from. */
    long storedBytes();

    /** output[i·n + j] = Σ_kk input[i·k + kk]·W[j][kk] + bias[j] for i < rows, in this format's arithmetic. */
    void forward(float[] input, int rows, float[] output);
}
