package dev.halftone.cuda;

import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.formats.numeric.Bf16;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * One linear layer {@code y = x·Wᵀ + b} on the GPU: weights, bias and scales uploaded once, activation and output
 * buffers sized for {@code maxRows} tokens, kernels queued on the layer's own stream. {@link #forward} takes and
 * returns float32 rows as the engine's backends do; the activations are rounded to bf16 on the way in (the
 * kernels' input type) and the bf16 outputs widened exactly on the way out. Not thread-safe: one forward at a time.
 */
public final class CudaLinear implements AutoCloseable {
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    /**
     * Above this many rows a weight-only layer (bf16 activations) dequantizes its weights into
     * {@link DequantScratch} and multiplies them with cuBLASLt when the library could load it. For packed Q4_K on an
     * H200 that beat the 256-token wgmma kernel on 4 of 6 shapes at 128 and 256 rows and on all from 512 (0.92-1.09x
     * cuBLAS BF16 at 4096 against 0.58-0.82x), while the fused kernels lead up to 64 (docs/benchmarks.md,
     * nineteenth and twentieth runs). It also lets the packed layer serve any row count on GPUs without wgmma.
     */
    public static final int DEQUANT_ABOVE_ROWS = 64;
    /** Values a conversion task takes: enough that forking costs little against converting them. */
    private static final int CONVERT_CHUNK = 1 << 16;

    private final CudaKernel kernel;
    private final int n;
    private final int k;
    private final int maxRows;
    private final GemmPath path;
    private final Arena arena = Arena.ofShared();
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final CudaStream stream;
    private final MemorySegment hostIn;
    private final MemorySegment hostOut;
    // device buffers; null where the kernel needs none
    private DeviceBuffer weight;
    private DeviceBuffer weightAux;
    private DeviceBuffer colScale;
    private DeviceBuffer smoothInverse;
    private DeviceBuffer bias;
    private final DeviceBuffer x;
    private final DeviceBuffer xq;
    private final DeviceBuffer xScale;
    private final DeviceBuffer blockSums;
    private final DeviceBuffer out;

    private CudaLinear(CudaKernel kernel, int n, int k, int maxRows, GemmPath path) {
        int kMultiple = kernel.linearFormat() == LinearFormat.Q4_K ? 256 : 128;
        if (n <= 0 || n % 8 != 0) {
            throw new IllegalArgumentException("out features must be a positive multiple of 8, got " + n);
        }
        if (k <= 0 || k % kMultiple != 0) {
            throw new IllegalArgumentException(kernel + " needs in features a positive multiple of " + kMultiple
                    + ", got " + k);
        }
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        this.kernel = kernel;
        this.n = n;
        this.k = k;
        this.maxRows = maxRows;
        this.path = path;
        this.stream = CudaStream.create();
        this.hostIn = arena.allocate(2L * maxRows * k, 16);
        this.hostOut = arena.allocate(2L * maxRows * n, 16);
        this.x = own(DeviceBuffer.allocate(2L * maxRows * k));
        this.out = own(DeviceBuffer.allocate(2L * maxRows * n));
        boolean quantizes = kernel.quantizesActivations();
        this.xq = quantizes ? own(DeviceBuffer.allocate((long) maxRows * k)) : null;
        this.xScale = quantizes ? own(DeviceBuffer.allocate(4L * maxRows)) : null;
        this.blockSums = kernel == CudaKernel.Q4_K_INT8 ? own(DeviceBuffer.allocate(4L * maxRows * (k / 32))) : null;
    }

    /** SmoothQuant W8A8: int8 weight [n][k], per-channel weight scale [n], optional smoothing inverse [k], bias [n]. */
    public static CudaLinear w8a8(int n, int k, byte[] weight, float[] weightScale, float[] smoothInverse,
                                  float[] bias, int maxRows, GemmPath path) {
        CudaLinear layer = new CudaLinear(CudaKernel.W8A8, n, k, maxRows, path);
        try {
            check("weight", weight.length, (long) n * k);
            check("weightScale", weightScale.length, n);
            layer.weight = layer.upload(MemorySegment.ofArray(weight));
            layer.colScale = layer.upload(MemorySegment.ofArray(weightScale));
            if (smoothInverse != null) {
                check("smoothInverse", smoothInverse.length, k);
                layer.smoothInverse = layer.upload(MemorySegment.ofArray(smoothInverse));
            }
            layer.uploadBias(bias);
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    /** GGUF Q8_0 blocks [n][k/32] (34 bytes each), repacked once on the device; int8 or bf16 activations. */
    public static CudaLinear q8_0(int n, int k, MemorySegment blocks, float[] bias, int maxRows,
                                  boolean int8Activations) {
        CudaLinear layer = new CudaLinear(int8Activations ? CudaKernel.Q8_0_INT8 : CudaKernel.Q8_0_BF16, n, k,
                maxRows, GemmPath.AUTO);
        try {
            check("Q8_0 blocks bytes", blocks.byteSize(), (long) n * (k / 32) * 34);
            layer.weight = layer.own(DeviceBuffer.allocate((long) n * k));
            layer.weightAux = layer.own(DeviceBuffer.allocate(2L * n * (k / 32)));
            layer.repackFrom(blocks, raw -> HalftoneCuda.repackQ8_0(raw, n, k, layer.weight.pointer(),
                    layer.weightAux.pointer(), layer.stream.handle()));
            layer.uploadBias(bias);
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    /** GGUF Q4_K blocks [n][k/256] (144 bytes each), read by the kernels as stored; int8 or bf16 activations. */
    public static CudaLinear q4_K(int n, int k, MemorySegment blocks, float[] bias, int maxRows,
                                  boolean int8Activations) {
        CudaLinear layer = new CudaLinear(int8Activations ? CudaKernel.Q4_K_INT8 : CudaKernel.Q4_K_BF16, n, k,
                maxRows, GemmPath.AUTO);
        try {
            check("Q4_K blocks bytes", blocks.byteSize(), (long) n * (k / 256) * 144);
            layer.weight = layer.upload(blocks);
            layer.uploadBias(bias);
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    /**
     * GGUF Q4_K blocks [n][k/256] repacked once on the device (the same byte count) so that the kernels read each
     * lane's tensor-core fragments contiguously; bf16 activations, {@code n} a multiple of 64. Forwards of up to 64
     * rows run the fused kernels: up to 32 rows on any supported GPU, 17 to 64 on sm_90 with K split over a
     * cluster. Above {@link #DEQUANT_ABOVE_ROWS} the weights are dequantized for cuBLASLt's bf16 GEMM (any GPU);
     * without cuBLASLt, Hopper's 256-token wgmma kernel takes them, and elsewhere such forwards fail with the
     * library's message. {@link #q4_K} serves any M anywhere without cuBLASLt.
     */
    public static CudaLinear q4_KPacked(int n, int k, MemorySegment blocks, float[] bias, int maxRows) {
        if (n % 64 != 0) {
            throw new IllegalArgumentException("the packed Q4_K kernel needs out features a multiple of 64, got " + n);
        }
        CudaLinear layer = new CudaLinear(CudaKernel.Q4_K_BF16_PACKED, n, k, maxRows, GemmPath.AUTO);
        try {
            check("Q4_K blocks bytes", blocks.byteSize(), (long) n * (k / 256) * 144);
            layer.weight = layer.own(DeviceBuffer.allocate(blocks.byteSize()));
            layer.repackFrom(blocks, raw -> HalftoneCuda.repackQ4_K(raw, n, k, layer.weight.pointer(),
                    layer.stream.handle()));
            layer.uploadBias(bias);
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    /** NF4: packed [n][k/2] (weight 2i in the high nibble), absmax [n][k/64]. */
    public static CudaLinear nf4(int n, int k, byte[] packed, float[] absmax, float[] bias, int maxRows) {
        CudaLinear layer = new CudaLinear(CudaKernel.NF4_BF16, n, k, maxRows, GemmPath.AUTO);
        try {
            check("NF4 packed", packed.length, (long) n * k / 2);
            check("NF4 absmax", absmax.length, (long) n * (k / 64));
            layer.weight = layer.upload(MemorySegment.ofArray(packed));
            layer.weightAux = layer.upload(MemorySegment.ofArray(absmax));
            layer.uploadBias(bias);
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    /** FP8 E4M3 weights [n][k] with a per-output-channel scale [n]. */
    public static CudaLinear fp8(int n, int k, byte[] e4m3, float[] channelScale, float[] bias, int maxRows) {
        CudaLinear layer = new CudaLinear(CudaKernel.FP8_BF16, n, k, maxRows, GemmPath.AUTO);
        try {
            check("FP8 weight", e4m3.length, (long) n * k);
            check("FP8 channel scale", channelScale.length, n);
            layer.weight = layer.upload(MemorySegment.ofArray(e4m3));
            layer.weightAux = layer.upload(MemorySegment.ofArray(channelScale));
            layer.uploadBias(bias);
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    public CudaKernel kernel() {
        return kernel;
    }

    public int inFeatures() {
        return k;
    }

    public int outFeatures() {
        return n;
    }

    /** output[i·n + j] = Σ input[i·k + kk]·W[j][kk] + bias[j] for i < rows, through the layer's kernel. */
    public void forward(float[] input, int rows, float[] output) {
        if (rows <= 0 || rows > maxRows) {
            throw new IllegalArgumentException("rows must be in 1.." + maxRows + ", got " + rows);
        }
        if (input.length < rows * k || output.length < rows * n) {
            throw new IllegalArgumentException("input needs " + rows * k + " and output " + rows * n
                    + " floats for " + rows + " rows, got " + input.length + " and " + output.length);
        }
        inParallel(rows * k, (from, to) -> {
            for (int i = from; i < to; i++) {
                hostIn.setAtIndex(BF16, i, Bf16.encode(input[i]));
            }
        });
        x.copyFrom(hostIn.asSlice(0, 2L * rows * k), stream);
        if (kernel.quantizesActivations()) {
            HalftoneCuda.quantizeActivations(x.pointer(), pointer(smoothInverse), rows, k, xq.pointer(),
                    xScale.pointer(), pointer(blockSums), stream.handle());
        }
        WeightFormat dequant = kernel.dequantFormat();
        if (dequant != null && rows > DEQUANT_ABOVE_ROWS && CublasLt.available()) {
            forwardDequantized(dequant, rows);
        } else {
            forwardFused(rows);
        }
        out.copyTo(hostOut.asSlice(0, 2L * rows * n), stream);  // waits for the stream
        inParallel(rows * n, (from, to) -> {
            for (int i = from; i < to; i++) {
                output[i] = Bf16.decode(hostOut.getAtIndex(BF16, i));
            }
        });
    }

    /** The kernel's fused GEMM, queued on the layer's stream. */
    private void forwardFused(int rows) {
        long s = stream.handle();
        long b = pointer(bias);
        switch (kernel) {
            case W8A8 -> HalftoneCuda.gemmW8a8(xq.pointer(), weight.pointer(), xScale.pointer(), colScale.pointer(),
                    b, 0, 0, rows, n, k, out.pointer(), path.code, s);
            case Q8_0_BF16 -> HalftoneCuda.gemmQ8_0Bf16(x.pointer(), weight.pointer(), weightAux.pointer(), 0, 0, b,
                    0, 0, rows, n, k, out.pointer(), s);
            case Q8_0_INT8 -> HalftoneCuda.gemmQ8_0Q8(xq.pointer(), weight.pointer(), weightAux.pointer(),
                    xScale.pointer(), 0, b, 0, 0, rows, n, k, out.pointer(), s);
            case Q4_K_BF16 -> HalftoneCuda.gemmQ4_KBf16(x.pointer(), weight.pointer(), 0, 0, b, 0, 0, rows, n, k,
                    out.pointer(), s);
            case Q4_K_BF16_PACKED -> HalftoneCuda.gemmQ4_KBf16Packed(x.pointer(), weight.pointer(), 0, 0, b, 0, 0,
                    rows, n, k, out.pointer(), s);
            case Q4_K_INT8 -> HalftoneCuda.gemmQ4_KQ8(xq.pointer(), blockSums.pointer(), weight.pointer(),
                    xScale.pointer(), 0, b, 0, 0, rows, n, k, out.pointer(), s);
            case NF4_BF16 -> HalftoneCuda.gemmNf4Bf16(x.pointer(), weight.pointer(), weightAux.pointer(), 0, 0, b, 0,
                    0, rows, n, k, out.pointer(), s);
            case FP8_BF16 -> HalftoneCuda.gemmFp8Bf16(x.pointer(), weight.pointer(), weightAux.pointer(), 0, 0, b, 0,
                    0, rows, n, k, out.pointer(), s);
        }
    }

    /** The product through the shared scratch; waits for the stream before the scratch is released. */
    private void forwardDequantized(WeightFormat format, int rows) {
        DeviceBuffer scratch = DequantScratch.acquire(DequantScratch.bytesFor(n, k));
        try {
            HalftoneCuda.gemmDequantBf16(format.code, x.pointer(), weight.pointer(), pointer(weightAux),
                    pointer(bias), rows, n, k, out.pointer(), scratch.pointer(), scratch.bytes(), stream.handle());
            stream.synchronize();
        } finally {
            DequantScratch.release();
        }
    }

    /**
     * Runs {@code range} over [0, count) in chunks on the common fork-join pool. The bf16 conversions on the way in
     * and out are the host's share of every forward and grow with rows x width: at DiT widths (2096 rows x 1536 is
     * 3.2 M values) one thread takes milliseconds, more than the GEMM. Below two chunks it runs on the caller's
     * thread.
     */
    private static void inParallel(int count, IntRange range) {
        int chunks = (count + CONVERT_CHUNK - 1) / CONVERT_CHUNK;
        if (chunks < 2) {
            range.run(0, count);
            return;
        }
        IntStream.range(0, chunks).parallel()
                .forEach(c -> range.run(c * CONVERT_CHUNK, Math.min(count, (c + 1) * CONVERT_CHUNK)));
    }

    @FunctionalInterface
    private interface IntRange {
        void run(int from, int to);
    }

    private void uploadBias(float[] values) {
        if (values == null) {
            return;
        }
        check("bias", values.length, n);
        MemorySegment bits = arena.allocate(2L * n, 16);
        for (int j = 0; j < n; j++) {
            bits.setAtIndex(BF16, j, Bf16.encode(values[j]));
        }
        bias = upload(bits);
    }

    private DeviceBuffer upload(MemorySegment host) {
        return own(uploadTemporary(host));
    }

    /** Uploads {@code blocks} to a temporary device buffer, runs {@code repack} on its address and waits for it. */
    private void repackFrom(MemorySegment blocks, LongConsumer repack) {
        try (DeviceBuffer raw = uploadTemporary(blocks)) {
            repack.accept(raw.pointer());
            stream.synchronize();
        }
    }

    /** A device copy of {@code host} that the caller closes; heap segments go through a short-lived native copy. */
    private DeviceBuffer uploadTemporary(MemorySegment host) {
        DeviceBuffer buffer = DeviceBuffer.allocate(host.byteSize());
        try {
            if (host.isNative()) {
                buffer.copyFrom(host, stream);
            } else {
                try (Arena staging = Arena.ofConfined()) {
                    buffer.copyFrom(staging.allocate(host.byteSize(), 16).copyFrom(host), stream);
                }
            }
            return buffer;
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    private DeviceBuffer own(DeviceBuffer buffer) {
        owned.add(buffer);
        return buffer;
    }

    private static long pointer(DeviceBuffer buffer) {
        return buffer == null ? 0 : buffer.pointer();
    }

    private static void check(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " must be " + expected + ", got " + actual);
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer buffer : owned) {
            buffer.close();
        }
        owned.clear();
        stream.close();
        arena.close();
    }
}
