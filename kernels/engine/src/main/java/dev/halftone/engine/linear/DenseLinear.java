package dev.halftone.engine.linear;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.F32Matmul;
import dev.halftone.engine.simd.PackedF32Matrix;

/**
 * A linear whose stored weights decode to float32 values that the float32 matmul then uses as they are: FP32, BF16
 * and F16 (widened), FP8 (dequantized to bf16 values, docs/model.md §5), and the weight-only formats GGUF
 * Q8_0/Q4_K/Q5_K/Q6_K and NF4 (decoded once at load). So a weight-only variant equals dequantize-then-matmul
 * exactly; the price is float32 weights in memory on the CPU. {@link #storedBytes()} is the checkpoint's size.
 */
public final class DenseLinear implements LinearBackend {

    private final String name;
    private final LinearFormat format;
    private final PackedF32Matrix weight;
    private final float[] bias;
    private final long storedBytes;
    private final F32Matmul matmul;
    private final WorkerPool pool;

    /**
     * @param weight (out, in) row-major float32 values, exactly the format's values
     * @param bias   (out)
     */
    public DenseLinear(String name, LinearFormat format, float[] weight, float[] bias, int out, int in,
                       long storedBytes, F32Matmul matmul, WorkerPool pool) {
        if (format == LinearFormat.INT8) {
            throw new IllegalArgumentException(name + ": INT8 changes the arithmetic; use Int8Linear");
        }
        if (bias.length != out) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + out);
        }
        this.name = name;
        this.format = format;
        this.weight = PackedF32Matrix.ofRows(weight, out, in);
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
        return format;
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
        matmul.multiply(input, 0, weight.k(), rows, weight, bias, output, 0, weight.n(), pool);
    }
}
