package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.linear.DenseLinear;
import dev.halftone.engine.linear.Int8Linear;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.formats.int8.Int8CheckpointLayout;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A branch in a safetensors file. Each linear's format comes from the stored dtype of {@code <name>.weight}:
 * F32, BF16 and F16 (dense), F8_E4M3 with a scalar {@code <name>.weight_scale} (FP8 reference), I8 with
 * {@code <name>.weight_scale} (out) and {@code <name>.smooth_scale} (in) (Halftone's INT8 W8A8 checkpoint,
 * formats' {@code Int8CheckpointLayout}; protected layers are BF16 there and load as dense), and NF4 in
 * bitsandbytes' layout ({@link Nf4Tensors}).
 */
final class SafetensorsCheckpoint implements BranchCheckpoint {

    private final SafetensorsFile file;
    private final CheckpointTensors tensors;
    private final KernelSet kernels;
    private final WorkerPool pool;

    private SafetensorsCheckpoint(SafetensorsFile file, KernelSet kernels, WorkerPool pool) {
        this.file = file;
        this.tensors = new CheckpointTensors(file);
        this.kernels = kernels;
        this.pool = pool;
    }

    static SafetensorsCheckpoint open(Path path, KernelSet kernels, WorkerPool pool) throws IOException {
        return new SafetensorsCheckpoint(SafetensorsFile.open(path), kernels, pool);
    }

    @Override
    public float[] vector(String name, int length) {
        return tensors.floats(name, length);
    }

    @Override
    public void requireAllUsed() {
        tensors.requireAllUsed();
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public LinearBackend linear(String name, int out, int in) {
        if (Nf4Tensors.isNf4(tensors, name + ".weight")) {
            Nf4Tensors.Decoded nf4 = Nf4Tensors.read(tensors, name + ".weight", out, in);
            TensorInfo biasInfo = tensors.require(name + ".bias", out);
            return new DenseLinear(name, LinearFormat.NF4, nf4.values(), tensors.floats(biasInfo), out, in,
                    nf4.storedBytes() + biasInfo.byteSize(), kernels.f32(), pool);
        }
        TensorInfo weight = tensors.require(name + ".weight", out, in);
        TensorInfo biasInfo = tensors.require(name + ".bias", out);
        float[] bias = tensors.floats(biasInfo);
        long storedBytes = weight.byteSize() + biasInfo.byteSize();
        return switch (weight.dtype()) {
            case F32 -> new DenseLinear(name, LinearFormat.FP32, tensors.floats(weight), bias, out, in,
                    storedBytes, kernels.f32(), pool);
            case BF16 -> new DenseLinear(name, LinearFormat.BF16, tensors.floats(weight), bias, out, in,
                    storedBytes, kernels.f32(), pool);
            case F16 -> new DenseLinear(name, LinearFormat.F16, tensors.floats(weight), bias, out, in,
                    storedBytes, kernels.f32(), pool);
            case I8 -> {
                TensorInfo scale = tensors.require(name + Int8CheckpointLayout.WEIGHT_SCALE, out);
                TensorInfo smooth = tensors.require(name + Int8CheckpointLayout.SMOOTH_SCALE, in);
                float[] weightScale = positive(tensors.floats(scale), scale.name());
                float[] smoothScale = positive(tensors.floats(smooth), smooth.name());
                byte[] codes = tensors.bytes(weight);
                for (int i = 0; i < codes.length; i++) {
                    if (codes[i] == Byte.MIN_VALUE) {
                        throw new CheckpointMismatchException(weight.name(), "holds -128 at element " + i
                                + "; symmetric int8 weights lie in [-127, 127]");
                    }
                }
                yield new Int8Linear(name, codes, weightScale, smoothScale, bias, out, in,
                        storedBytes + scale.byteSize() + smooth.byteSize(), kernels.int8(), pool);
            }
            case F8_E4M3 -> {
                TensorInfo scaleInfo = tensors.requireScalar(name + ".weight_scale");
                float scale = tensors.floats(scaleInfo)[0];
                if (!(scale > 0f) || !Float.isFinite(scale)) {
                    throw new CheckpointMismatchException(name + ".weight_scale", "must be positive and finite, is "
                            + scale);
                }
                yield new DenseLinear(name, LinearFormat.FP8, fp8Dequantized(tensors, weight, scale), bias, out, in,
                        storedBytes + scaleInfo.byteSize(), kernels.f32(), pool);
            }
            default -> throw new CheckpointMismatchException(weight.name(), "has dtype " + weight.dtype()
                    + ", which no linear backend reads from safetensors (F32, BF16, F16, F8_E4M3, I8)");
        };
    }

    private static float[] positive(float[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0f)) {
                throw new CheckpointMismatchException(name, "must be positive, element " + i + " is " + values[i]);
            }
        }
        return values;
    }

    /** w = bf16_rne(f32(fp8_decode(q)·scale)): a float32 multiply, then bf16 rounding (docs/model.md §5). */
    private static float[] fp8Dequantized(CheckpointTensors tensors, TensorInfo weight, float scale) {
        byte[] codes = tensors.bytes(weight);
        float[] values = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            if ((codes[i] & 0x7F) == 0x7F) {
                throw new CheckpointMismatchException(weight.name(), "holds the F8_E4M3 NaN code at element " + i);
            }
            values[i] = Fp8Reference.dequantize(codes[i], scale);
        }
        return values;
    }
}
