package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.safetensors.CheckpointFloats;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Encodes a safetensors checkpoint (F32, F16, BF16, or the FP8 reference convention) to GGUF, streaming: tensors are
 * read from the mapped input and written in slabs of whole rows, at most {@link #SLAB_VALUES} values per worker
 * thread in memory at once, never a whole tensor. Each tensor's type comes from a {@link TensorTypePolicy}; FP8
 * {@code .weight_scale} scalars are folded into their weights and not written. Values must be finite (as ggml's
 * {@code ggml_validate_row_data} requires); a NaN or infinity fails naming the tensor and element.
 */
public final class SafetensorsToGguf {
    /** Values one worker decodes and quantizes per slab (4 MiB of fp32). */
    public static final int SLAB_VALUES = 1 << 20;

    /** Receives progress after every slab. */
    public interface Progress {
        void update(int tensorIndex, int tensorCount, String tensor, long bytesWritten, long bytesTotal);
    }

    /**
     * @param architecture {@code general.architecture}, {@code [a-z0-9]+}
     * @param threads      worker threads quantizing in parallel (≥ 1)
     */
    public record Options(TensorTypePolicy policy, String architecture, int threads) {
        public Options {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(architecture, "architecture");
            if (!architecture.matches("[a-z0-9]+")) {
                throw new IllegalArgumentException("architecture must match [a-z0-9]+, got \"" + architecture + "\"");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }
    }

    /** One written tensor: its PyTorch shape, chosen type, the policy rule and its bytes. */
    public record EncodedTensor(String name, List<Long> shape, WeightFormat format, String rule, long bytes) {
    }

    private SafetensorsToGguf() {
    }

    public static List<EncodedTensor> encode(Path input, Path output, Options options, Progress progress)
            throws IOException {
        try (SafetensorsFile source = SafetensorsFile.open(input)) {
            CheckpointFloats floats = new CheckpointFloats(source);
            List<EncodedTensor> plan = new ArrayList<>();
            List<GgufTensorSpec> specs = new ArrayList<>();
            for (TensorInfo tensor : source.tensors()) {
                if (floats.isFp8Scale(tensor.name())) {
                    continue;
                }
                TensorTypePolicy.Decision decision = options.policy().decide(tensor.name(), tensor.shape(), tensor.dtype());
                GgufTensorSpec spec = GgufTensorSpec.fromPyTorchShape(tensor.name(), tensor.shape(), decision.format());
                specs.add(spec);
                plan.add(new EncodedTensor(tensor.name(), tensor.shape(), decision.format(), decision.rule(),
                        spec.byteSize()));
            }
            long total = plan.stream().mapToLong(EncodedTensor::bytes).sum();
            Map<String, GgufValue> metadata = new LinkedHashMap<>();
            metadata.put(GgufKeys.ARCHITECTURE, new GgufValue.Text(options.architecture()));
            metadata.put(GgufKeys.NAME, new GgufValue.Text(input.getFileName().toString()));
            metadata.put(GgufKeys.QUANTIZATION_VERSION, new GgufValue.UInt32(GgufKeys.GGML_QUANTIZATION_VERSION));
            metadata.put(GgufKeys.ALIGNMENT, new GgufValue.UInt32(GgufKeys.DEFAULT_ALIGNMENT));
            metadata.put(GgufKeys.FILE_TYPE, new GgufValue.UInt32(options.policy().fileType()));
            metadata.put("halftone.type_policy", new GgufValue.Text(options.policy().name()));
            ExecutorService workers = Executors.newFixedThreadPool(options.threads());
            try (GgufWriter writer = GgufWriter.create(output, metadata, specs)) {
                long written = 0;
                for (int t = 0; t < plan.size(); t++) {
                    EncodedTensor tensor = plan.get(t);
                    writer.begin(tensor.name());
                    written = encodeTensor(floats, tensor, writer, workers, options.threads(), t, plan.size(), written,
                            total, progress);
                }
            } finally {
                workers.shutdownNow();
            }
            return plan;
        }
    }

    private static long encodeTensor(CheckpointFloats floats, EncodedTensor tensor, GgufWriter writer,
            ExecutorService workers, int threads, int index, int count, long written, long total, Progress progress)
            throws IOException {
        long rowLength = tensor.shape().isEmpty() ? 1 : tensor.shape().getLast();
        long elements = tensor.shape().stream().reduce(1L, Math::multiplyExact);
        long rows = rowLength == 0 ? 0 : elements / rowLength;
        if (rowLength > SLAB_VALUES) {
            throw new IllegalArgumentException("tensor \"" + tensor.name() + "\" has rows of " + rowLength
                    + " values; at most " + SLAB_VALUES + " are supported");
        }
        int rowsPerWorker = (int) Math.max(1, SLAB_VALUES / Math.max(1, rowLength));
        long rowBytes = tensor.format().rowBytes(rowLength);
        RowCodec[] codecs = new RowCodec[threads];
        for (int w = 0; w < threads; w++) {
            codecs[w] = RowCodecs.fastest(tensor.format());
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment slab = arena.allocate(rowBytes * rowsPerWorker * threads, 64);
            for (long first = 0; first < rows; first += (long) rowsPerWorker * threads) {
                List<Callable<Void>> jobs = new ArrayList<>();
                long slabRows = Math.min((long) rowsPerWorker * threads, rows - first);
                for (int w = 0; w < threads; w++) {
                    long from = first + (long) w * rowsPerWorker;
                    int n = (int) Math.min(rowsPerWorker, first + slabRows - from);
                    if (n <= 0) {
                        break;
                    }
                    RowCodec codec = codecs[w];
                    long at = (long) w * rowsPerWorker * rowBytes;
                    jobs.add(() -> {
                        float[] values = new float[(int) (n * rowLength)];
                        floats.read(tensor.name(), from * rowLength, values, 0, values.length);
                        for (int i = 0; i < values.length; i++) {
                            if (!Float.isFinite(values[i])) {
                                throw new IllegalArgumentException("tensor \"" + tensor.name() + "\" element "
                                        + (from * rowLength + i) + " is " + values[i] + "; GGUF weights must be finite");
                            }
                        }
                        for (int r = 0; r < n; r++) {
                            codec.quantize(values, (int) (r * rowLength), (int) rowLength, slab, at + r * rowBytes);
                        }
                        return null;
                    });
                }
                runAll(workers, jobs);
                writer.append(slab.asSlice(0, slabRows * rowBytes));
                written += slabRows * rowBytes;
                progress.update(index, count, tensor.name(), written, total);
            }
            if (rows == 0) {
                progress.update(index, count, tensor.name(), written, total);
            }
        }
        return written;
    }

    private static void runAll(ExecutorService workers, List<Callable<Void>> jobs) throws IOException {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> job : jobs) {
            futures.add(workers.submit(job));
        }
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while encoding", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(e.getCause());
            }
        }
    }
}
