package dev.halftone.engine.linear;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.Int8Matmul;
import dev.halftone.engine.simd.PackedInt8Matrix;
import dev.halftone.formats.int8.Int8Symmetric;

/**
 * SmoothQuant W8A8 (paper §3; Xiao et al. 2022): per-output-channel int8 weights W_q with scales s_w (the smoothing
 * vector s already folded into the weights offline), per-token dynamic int8 activations, int32 accumulation.
 * For each token row m, in float32 (quantization by formats' {@link Int8Symmetric}, as SmoothQuant's fake_quant.py):
 * <pre>
 *   x'_k   = x_k / s_k                                   (skipped when the layer has no smoothing vector)
 *   s_x    = max(max_k |x'_k|, 1e-5) / 127
 *   q_k    = clamp(rint(x'_k / s_x), −127, 127)          round half to even
 *   acc_n  = Σ_k q_k · W_q[n][k]                         int32, exact
 *   y_n    = acc_n · s_x · s_w[n] + b_n                  left to right, no fused multiply-add
 * </pre>
 * Scratch buffers grow to the longest call once and are then reused.
 */
public final class Int8Linear implements LinearBackend {

    private final String name;
    private final PackedInt8Matrix weight;
    private final float[] weightScale;
    private final float[] smoothScale;
    private final float[] bias;
    private final long storedBytes;
    private final Int8Matmul matmul;
    private final WorkerPool pool;
    private float[] smoothed = new float[0];
    private byte[] quantized = new byte[0];
    private int[] accumulators = new int[0];
    private float[] rowScale = new float[0];

    /**
     * @param weight      (out, in) int8 row-major, values in [−127, 127]
     * @param weightScale (out) per output channel
     * @param smoothScale (in) SmoothQuant's s, or null when the layer is not smoothed
     */
    public Int8Linear(String name, byte[] weight, float[] weightScale, float[] smoothScale, float[] bias, int out,
                      int in, long storedBytes, Int8Matmul matmul, WorkerPool pool) {
        if (weightScale.length != out) {
            throw new IllegalArgumentException(name + ".weight_scale has " + weightScale.length + " values, expected "
                    + out);
        }
        if (smoothScale != null && smoothScale.length != in) {
            throw new IllegalArgumentException(name + ".smooth_scale has " + smoothScale.length + " values, expected "
                    + in);
        }
        if (bias.length != out) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + out);
        }
        for (byte b : weight) {
            if (b == Byte.MIN_VALUE) {
                throw new IllegalArgumentException(name + ".weight holds -128; symmetric int8 uses [-127, 127]");
            }
        }
        this.name = name;
        this.weight = PackedInt8Matrix.ofRows(weight, out, in);
        this.weightScale = weightScale.clone();
        this.smoothScale = smoothScale == null ? null : smoothScale.clone();
        this.bias = bias.clone();
        this.storedBytes = storedBytes;
        this.matmul = matmul;
        this.pool = pool;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LinearFormat format() {
        return LinearFormat.INT8;
    }

    @Override
    public int inFeatures() {
        return weight.k();
    }

    @Override
    public int outFeatures() {
        return weight.n();
    }

    @Override
    public long storedBytes() {
        return storedBytes;
    }

    @Override
    public void forward(float[] input, int rows, float[] output) {
        int k = weight.k();
        int n = weight.n();
        if (quantized.length < rows * k) {
            smoothed = smoothScale == null ? smoothed : new float[rows * k];
            quantized = new byte[rows * k];
            accumulators = new int[rows * n];
            rowScale = new float[rows];
        }
        byte[] q = quantized;
        int[] acc = accumulators;
        float[] scales = rowScale;
        pool.forEach(rows, m -> scales[m] = quantizeRow(input, m * k, k, q));
        matmul.multiply(q, rows, weight, acc, pool);
        pool.forEach(rows, m -> {
            float sx = scales[m];
            for (int j = 0; j < n; j++) {
                output[m * n + j] = acc[m * n + j] * sx * weightScale[j] + bias[j];
            }
        });
    }

    /** Quantizes input[at, at + k), smoothed, into q[at, at + k); returns the row's scale s_x. */
    private float quantizeRow(float[] input, int at, int k, byte[] q) {
        if (smoothScale == null) {
            return Int8Symmetric.quantize(input, at, k, q, at);
        }
        for (int i = 0; i < k; i++) {
            smoothed[at + i] = input[at + i] / smoothScale[i];
        }
        return Int8Symmetric.quantize(smoothed, at, k, q, at);
    }
}
