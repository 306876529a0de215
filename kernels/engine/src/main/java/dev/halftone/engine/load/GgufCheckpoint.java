package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.linear.DenseLinear;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.formats.gguf.GgufFile;
import dev.halftone.formats.gguf.GgufTensorInfo;
import dev.halftone.formats.quant.RowCodecs;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A branch in a GGUF file (the gguf-encoder's output): tensor names as in safetensors, dimensions in ggml order
 * ({@code [in, out]} for a weight). Each weight's type chooses its format: Q8_0, Q4_K, Q5_K, Q6_K (decoded by the
 * formats module's row codecs, bit-exact with ggml's dequantize_row_*), or F32/F16/BF16 for tensors whose rows do
 * not fill a block (input_proj's 48 inputs). Biases and norm weights are F32, F16 or BF16.
 */
final class GgufCheckpoint implements BranchCheckpoint {

    private final GgufFile file;
    private final KernelSet kernels;
    private final WorkerPool pool;
    private final Set<String> used = new HashSet<>();

    private GgufCheckpoint(GgufFile file, KernelSet kernels, WorkerPool pool) {
        this.file = file;
        this.kernels = kernels;
        this.pool = pool;
    }

    static GgufCheckpoint open(Path path, KernelSet kernels, WorkerPool pool) throws IOException {
        return new GgufCheckpoint(GgufFile.open(path), kernels, pool);
    }

    private GgufTensorInfo require(String name, long... ggmlDims) {
        if (file.tensors().stream().noneMatch(t -> t.name().equals(name))) {
            throw new CheckpointMismatchException(name, "missing from " + file.path().getFileName());
        }
        GgufTensorInfo info = file.tensor(name);
        List<Long> expected = java.util.Arrays.stream(ggmlDims).boxed().toList();
        if (!info.dimensions().equals(expected)) {
            throw new CheckpointMismatchException(name, "has ggml dimensions " + info.dimensions()
                    + ", the config needs " + expected);
        }
        used.add(name);
        return info;
    }

    /** All values of a tensor decoded to float32 by its type's row codec. */
    private float[] decode(GgufTensorInfo info) {
        float[] out = new float[Math.toIntExact(info.elementCount())];
        decodeRows(info, out, true);
        return out;
    }

    /**
     * Decodes every row of {@code info} and fails naming it on a non-finite value: into {@code out} at the row's
     * place when {@code keep}, else each row over the first {@code rowLength} floats of {@code out}.
     */
    private void decodeRows(GgufTensorInfo info, float[] out, boolean keep) {
        MemorySegment bytes = file.segment(info.name());
        int rowLength = Math.toIntExact(info.rowLength());
        int rows = Math.toIntExact(info.rowCount());
        long rowBytes = info.type().rowBytes(rowLength);
        var codec = RowCodecs.reference(info.type());
        for (int r = 0; r < rows; r++) {
            int at = keep ? r * rowLength : 0;
            codec.dequantize(bytes, r * rowBytes, out, at, rowLength);
            for (int i = at; i < at + rowLength; i++) {
                if (!Float.isFinite(out[i])) {
                    throw new CheckpointMismatchException(info.name(), "decodes to a non-finite value at element "
                            + ((long) r * rowLength + i - at));
                }
            }
        }
    }

    @Override
    public StoredLinear linear(String name, int out, int in) {
        GgufTensorInfo weight = require(name + ".weight", in, out);
        GgufTensorInfo bias = require(name + ".bias", out);
        if (bias.type().isQuantized()) {
            throw new CheckpointMismatchException(bias.name(), "is " + bias.type() + "; biases must be F32, F16 or BF16");
        }
        LinearFormat format = switch (weight.type()) {
            case F32 -> LinearFormat.FP32;
            case F16 -> LinearFormat.F16;
            case BF16 -> LinearFormat.BF16;
            case Q8_0 -> LinearFormat.Q8_0;
            case Q4_K -> LinearFormat.Q4_K;
            case Q5_K -> LinearFormat.Q5_K;
            case Q6_K -> LinearFormat.Q6_K;
        };
        // block formats stay encoded for the placement; the CPU backend decodes them (cpuBackend)
        StoredWeight stored = weight.type().isQuantized()
                ? new StoredWeight.GgufBlocks(file.segment(weight.name()))
                : new StoredWeight.Dense(decode(weight));
        return new StoredLinear(name, format, out, in, stored, decode(bias), weight.byteSize() + bias.byteSize());
    }

    @Override
    public LinearBackend cpuBackend(StoredLinear linear) {
        // this file stores a linear dense (F32/F16/BF16, decoded by linear) or as GGUF blocks
        float[] values = linear.weight() instanceof StoredWeight.Dense dense ? dense.values()
                : decode(file.tensor(linear.name() + ".weight"));
        return new DenseLinear(linear.name(), linear.format(), values, linear.bias(), linear.out(), linear.in(),
                linear.storedBytes(), kernels.f32(), pool);
    }

    @Override
    public void requireFinite(StoredLinear linear) {
        if (linear.weight() instanceof StoredWeight.GgufBlocks) {
            GgufTensorInfo weight = file.tensor(linear.name() + ".weight");
            decodeRows(weight, new float[Math.toIntExact(weight.rowLength())], false);
        }
    }

    @Override
    public float[] vector(String name, int length) {
        GgufTensorInfo info = require(name, length);
        if (info.type().isQuantized()) {
            throw new CheckpointMismatchException(name, "is " + info.type() + "; norm weights must be F32, F16 or BF16");
        }
        return decode(info);
    }

    @Override
    public void requireAllUsed() {
        for (GgufTensorInfo info : file.tensors()) {
            if (!used.contains(info.name())) {
                throw new CheckpointMismatchException(info.name(), "is not part of the model the config describes");
            }
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
