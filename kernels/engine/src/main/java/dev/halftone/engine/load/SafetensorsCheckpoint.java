package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.linear.DenseLinear;
import dev.halftone.engine.linear.Int8Linear;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.formats.int8.Int8CheckpointLayout;
import dev.halftone.formats.nf4.Nf4Quantizer;
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
    public StoredLinear linear(String name, int out, int in) {
        if (Nf4Tensors.isNf4(tensors, name + ".weight")) {
            Nf4Tensors.Stored nf4 = Nf4Tensors.read(tensors, name + ".weight", out, in);
            TensorInfo biasInfo = tensors.require(name + ".bias", out);
            return new StoredLinear(name, LinearFormat.NF4, out, in, new StoredWeight.Nf4(nf4.weight()),
                    tensors.floats(biasInfo), nf4.storedBytes() + biasInfo.byteSize());
        }
        TensorInfo weight = tensors.require(name + ".weight", out, in);
        TensorInfo biasInfo = tensors.require(name + ".bias", out);
        float[] bias = tensors.floats(biasInfo);
        long storedBytes = weight.byteSize() + biasInfo.byteSize();
        return switch (weight.dtype()) {
            case F32 -> new StoredLinear(name, LinearFormat.FP32, out, in,
                    new StoredWeight.Dense(tensors.floats(weight)), bias, storedBytes);
            case BF16 -> new StoredLinear(name, LinearFormat.BF16, out, in,
                    new StoredWeight.Dense(tensors.floats(weight)), bias, storedBytes);
            case F16 -> new StoredLinear(name, LinearFormat.F16, out, in,
                    new StoredWeight.Dense(tensors.floats(weight)), bias, storedBytes);
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
                yield new StoredLinear(name, LinearFormat.INT8, out, in,
                        new StoredWeight.Int8(codes, weightScale, smoothScale), bias,
                        storedBytes + scale.byteSize() + smooth.byteSize());
            }
            case F8_E4M3 -> {
                TensorInfo scaleInfo = tensors.requireScalar(name + ".weight_scale");
                float scale = tensors.floats(scaleInfo)[0];
                if (!(scale > 0f) || !Float.isFinite(scale)) {
                    throw new CheckpointMismatchException(name + ".weight_scale", "must be positive and finite, is "
                            + scale);
                }
                byte[] codes = tensors.bytes(weight);
                for (int i = 0; i < codes.length; i++) {
                    if ((codes[i] & 0x7F) == 0x7F) {
                        throw new CheckpointMismatchException(weight.name(), "holds the F8_E4M3 NaN code at element "
                                + i);
                    }
                }
                yield new StoredLinear(name, LinearFormat.FP8, out, in, new StoredWeight.Fp8(codes, scale), bias,
                        storedBytes + scaleInfo.byteSize());
            }
            default -> throw new CheckpointMismatchException(weight.name(), "has dtype " + weight.dtype()
                    + ", which no linear backend reads from safetensors (F32, BF16, F16, F8_E4M3, I8)");
        };
    }

    @Override
    public LinearBackend cpuBackend(StoredLinear linear) {
        String name = linear.name();
        int out = linear.out();
        int in = linear.in();
        return switch (linear.weight()) {
            case StoredWeight.Dense dense -> new DenseLinear(name, linear.format(), dense.values(), linear.bias(),
                    out, in, linear.storedBytes(), kernels.f32(), pool);
            case StoredWeight.Int8 int8 -> new Int8Linear(name, int8.codes(), int8.weightScale(), int8.smoothScale(),
                    linear.bias(), out, in, linear.storedBytes(), kernels.int8(), pool);
            case StoredWeight.Fp8 fp8 -> new DenseLinear(name, LinearFormat.FP8, fp8Dequantized(fp8), linear.bias(),
                    out, in, linear.storedBytes(), kernels.f32(), pool);
            case StoredWeight.Nf4 nf4 -> new DenseLinear(name, LinearFormat.NF4,
                    Nf4Quantizer.dequantize(nf4.weight()), linear.bias(), out, in, linear.storedBytes(),
                    kernels.f32(), pool);
            case StoredWeight.GgufBlocks blocks -> throw new IllegalArgumentException(name
                    + " holds GGUF blocks, which a safetensors checkpoint never stores");
        };
    }

    /** Everything this file stores was checked by {@link #linear}: no encoded weight can decode non-finite. */
    @Override
    public void requireFinite(StoredLinear linear) {
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
    private static float[] fp8Dequantized(StoredWeight.Fp8 fp8) {
        byte[] codes = fp8.codes();
        float[] values = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            values[i] = Fp8Reference.dequantize(codes[i], fp8.scale());
        }
        return values;
    }
}
