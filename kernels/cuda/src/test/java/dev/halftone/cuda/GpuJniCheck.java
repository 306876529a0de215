package dev.halftone.cuda;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.quant.Q4_KReference;
import dev.halftone.formats.quant.Q8_0Reference;
import dev.halftone.formats.quant.RowCodec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The Java-through-JNI checks on a GPU machine (scripts/gpu-test.sh --java-home): the library loads from
 * -Dhalftone.cuda.library, and every kernel, called from Java, agrees with {@link LinearReference}: W8A8 (with the
 * activation quantization) and its int32 accumulators bit for bit on every path; Q8_0 / Q4_K (ggml-exact blocks from
 * kernels/formats), NF4 and FP8 within {@link #TOLERANCE}. Outputs are poisoned before the direct calls. Fresh random
 * data each run (the seed is printed). Ends with 'N passed, N failed' and exit status 1 on any failure.
 */
public final class GpuJniCheck {
    /** Relative Frobenius error bound of bf16-output GEMMs against float64 (bf16 output rounding is ~1.1e-3). */
    static final double TOLERANCE = 3e-3;

    private final CheckTally tally = new CheckTally();
    private final Random random;

    private GpuJniCheck(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        long seed = Long.getLong("halftone.seed", System.nanoTime());
        System.out.println("seed " + seed);
        GpuJniCheck check = new GpuJniCheck(seed);
        check.tally.runAndExit(check::run);
    }

    private void record(String name, boolean ok, String detail) {
        tally.record(name, ok, detail);
    }

    private void run(CudaDevice device) {
        List<GemmPath> paths = device.isHopper()
                ? List.of(GemmPath.MMA_SYNC, GemmPath.AUTO, GemmPath.WGMMA, GemmPath.MMA_SYNC_WIDE)
                : List.of(GemmPath.MMA_SYNC, GemmPath.AUTO);
        for (GemmPath path : paths) {
            w8a8ThroughCudaLinear(77, 264, 512, path);
            w8a8Accumulators(130, 136, 384, path);
            w8a8Accumulators(40, 520, 1024, path);
        }
        weightOnly(77, 264, 512);
        weightOnly(20, 136, 1024);
        weightOnly(3, 48, 512);
        // The packed Q4_K kernels: the few-token one (1 to 4 rows, any GPU; 1, 2 and 4 tokens a tile), the mma.sync
        // small-M one (up to 32 rows, on Hopper up to 16); on Hopper the split-K one (17 to 64 rows; here a cluster of
        // 3) and the 256-token one.
        q4_KPacked(1, 192, 768, false);
        q4_KPacked(2, 64, 2560, false);
        q4_KPacked(3, 128, 1024, false);
        q4_KPacked(5, 64, 256, false);
        if (device.isHopper()) {
            q4_KPacked(40, 192, 768, true);
        }
        // Above 64 rows the weight-only layers dequantize their weights for cuBLASLt, on any GPU (weightOnly(77, ...)
        // above for the other formats); here the shared scratch serves a small layer, then grows for a larger one.
        // The GPU test machines have cuBLASLt, so its absence is a failure here.
        Optional<String> noCublasLt = CublasLt.unavailableReason();
        record("cuBLASLt loaded", noCublasLt.isEmpty(), noCublasLt.orElse("yes"));
        q4_KPacked(100, 128, 256, true);
        q4_KPacked(300, 1088, 768, true);
        errorsBecomeExceptions();
    }

    private float[] gaussian(int count, float scale) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        return v;
    }

    private byte[] int8(int count) {
        byte[] v = new byte[count];
        for (int i = 0; i < count; i++) {
            v[i] = (byte) (random.nextInt(255) - 127);
        }
        return v;
    }

    private static short[] bf16Bits(float[] values) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Bf16.encode(values[i]);
        }
        return bits;
    }

    /** The whole W8A8 linear from Java floats: bit-exact against the Java pipeline. */
    private void w8a8ThroughCudaLinear(int m, int n, int k, GemmPath path) {
        float[] x = gaussian(m * k, 1f);
        byte[] w = int8(n * k);
        float[] wScale = new float[n];
        float[] smooth = new float[k];
        for (int j = 0; j < n; j++) {
            wScale[j] = 1e-3f + random.nextFloat() * 1e-2f;
        }
        for (int kk = 0; kk < k; kk++) {
            smooth[kk] = 0.5f + random.nextFloat() * 1.5f;
        }
        float[] bias = gaussian(n, 0.1f);
        float[] out = new float[m * n];
        try (CudaLinear layer = CudaLinear.w8a8(n, k, w, wScale, smooth, bias, m, path)) {
            layer.forward(x, m, out);
        }
        var q = LinearReference.quantizeActivations(bf16Bits(x), smooth, m, k);
        int[] acc = LinearReference.int8Product(q.values(), w, m, n, k);
        short[] expected = LinearReference.epilogue(acc, q.scales(), wScale, bf16Bits(bias), null, null, m, n);
        int mismatches = 0;
        for (int i = 0; i < m * n; i++) {
            if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(Bf16.decode(expected[i]))) {
                mismatches++;
            }
        }
        record("W8A8 CudaLinear [" + path + "] M=" + m + " N=" + n + " K=" + k, mismatches == 0,
                "bit mismatches vs LinearReference " + mismatches);
    }

    /** int32 accumulators (poisoned first) and the bf16 epilogue with gate/residual, bit-exact. */
    private void w8a8Accumulators(int m, int n, int k, GemmPath path) {
        byte[] a = int8(m * k);
        byte[] w = int8(n * k);
        float[] rowScale = new float[m];
        float[] colScale = new float[n];
        for (int i = 0; i < m; i++) {
            rowScale[i] = 1e-3f + random.nextFloat() * 1e-2f;
        }
        for (int j = 0; j < n; j++) {
            colScale[j] = 1e-3f + random.nextFloat() * 1e-2f;
        }
        short[] bias = bf16Bits(gaussian(n, 1f));
        short[] residual = bf16Bits(gaussian(m * n, 1f));
        short[] gate = bf16Bits(gaussian(n, 1f));
        int[] expected = LinearReference.int8Product(a, w, m, n, k);
        short[] expectedBf16 = LinearReference.epilogue(expected, rowScale, colScale, bias, residual, gate, m, n);
        try (Arena arena = Arena.ofConfined(); CudaStream stream = CudaStream.create();
             DeviceBuffer da = DeviceBuffer.copyOf(copy(arena, a), stream);
             DeviceBuffer dw = DeviceBuffer.copyOf(copy(arena, w), stream);
             DeviceBuffer drs = DeviceBuffer.copyOf(copy(arena, rowScale), stream);
             DeviceBuffer dcs = DeviceBuffer.copyOf(copy(arena, colScale), stream);
             DeviceBuffer db = DeviceBuffer.copyOf(copy(arena, bias), stream);
             DeviceBuffer dr = DeviceBuffer.copyOf(copy(arena, residual), stream);
             DeviceBuffer dg = DeviceBuffer.copyOf(copy(arena, gate), stream);
             DeviceBuffer acc = DeviceBuffer.allocate(4L * m * n);
             DeviceBuffer out = DeviceBuffer.allocate(2L * m * n)) {
            acc.fill((byte) 0x80, stream);  // 0x80808080: no int8 product of this K reaches it
            HalftoneCuda.gemmW8a8S32(da.pointer(), dw.pointer(), m, n, k, acc.pointer(), path.code, stream.handle());
            MemorySegment accHost = arena.allocate(4L * m * n);
            acc.copyTo(accHost, stream);
            int mismatches = 0;
            for (int i = 0; i < m * n; i++) {
                if (accHost.getAtIndex(ValueLayout.JAVA_INT, i) != expected[i]) {
                    mismatches++;
                }
            }
            record("W8A8 int32 accumulators [" + path + "] M=" + m + " N=" + n + " K=" + k, mismatches == 0,
                    "mismatches vs Java int32 product " + mismatches);

            out.fill((byte) 0xff, stream);  // bf16 NaN
            HalftoneCuda.gemmW8a8(da.pointer(), dw.pointer(), drs.pointer(), dcs.pointer(), db.pointer(),
                    dr.pointer(), dg.pointer(), m, n, k, out.pointer(), path.code, stream.handle());
            MemorySegment outHost = arena.allocate(2L * m * n);
            out.copyTo(outHost, stream);
            int bad = 0;
            for (int i = 0; i < m * n; i++) {
                if (outHost.getAtIndex(ValueLayout.JAVA_SHORT, i) != expectedBf16[i]) {
                    bad++;
                }
            }
            record("W8A8 bf16 epilogue +gate/residual [" + path + "] M=" + m + " N=" + n + " K=" + k, bad == 0,
                    "bit mismatches vs LinearReference " + bad);
        }
    }

    /**
     * The packed Q4_K kernel through CudaLinear: repacked on the device, against the Java ggml reference codec with the
     * weights rounded to bf16 where the kernel rounds them (every kernel but the mma.sync small-M one).
     */
    private void q4_KPacked(int m, int n, int k, boolean roundsWeights) {
        float[] x = gaussian(m * k, 1f);
        float[] bias = gaussian(n, 0.1f);
        float[] wFloat = gaussian(n * k, 0.05f);
        try (Arena arena = Arena.ofConfined()) {
            long rowBytes = Q4_KReference.INSTANCE.format().rowBytes(k);
            MemorySegment blocks = arena.allocate(rowBytes * n, 16);
            float[] w = new float[n * k];
            for (int j = 0; j < n; j++) {
                Q4_KReference.INSTANCE.quantize(wFloat, j * k, k, blocks, j * rowBytes);
                Q4_KReference.INSTANCE.dequantize(blocks, j * rowBytes, w, j * k, k);
            }
            float[] out = new float[m * n];
            try (CudaLinear layer = CudaLinear.q4_KPacked(n, k, blocks, bias, m)) {
                layer.forward(x, m, out);
            }
            compare("Q4_K_BF16_PACKED [" + pathOf(CudaKernel.Q4_K_BF16_PACKED, m) + "] CudaLinear M=" + m + " N=" + n
                    + " K=" + k, out,
                    LinearReference.product(LinearReference.roundToBf16(x), roundsWeights ? LinearReference.roundToBf16(w) : w,
                            LinearReference.roundToBf16(bias), m, n, k));
        }
    }

    /** Which of CudaLinear's two paths a forward of {@code m} rows takes, for the check's name. */
    private static String pathOf(CudaKernel kernel, int m) {
        return kernel.dequantFormat() != null && m > CudaLinear.DEQUANT_ABOVE_ROWS && CublasLt.available()
                ? "dequantized + cuBLASLt" : "fused";
    }

    private void weightOnly(int m, int n, int k) {
        float[] x = gaussian(m * k, 1f);
        float[] xb = LinearReference.roundToBf16(x);
        float[] bias = gaussian(n, 0.1f);
        float[] biasB = LinearReference.roundToBf16(bias);
        var q = LinearReference.quantizeActivations(bf16Bits(x), null, m, k);
        float[] xq = new float[m * k];
        for (int i = 0; i < m * k; i++) {
            xq[i] = q.values()[i] * q.scales()[i / k];
        }
        float[] wFloat = gaussian(n * k, 0.05f);
        try (Arena arena = Arena.ofConfined()) {
            for (RowCodec codec : List.of(Q8_0Reference.INSTANCE, Q4_KReference.INSTANCE)) {
                long rowBytes = codec.format().rowBytes(k);
                MemorySegment blocks = arena.allocate(rowBytes * n, 16);
                float[] w = new float[n * k];
                for (int j = 0; j < n; j++) {
                    codec.quantize(wFloat, j * k, k, blocks, j * rowBytes);
                    codec.dequantize(blocks, j * rowBytes, w, j * k, k);
                }
                for (boolean int8Activations : new boolean[]{false, true}) {
                    float[] out = new float[m * n];
                    try (CudaLinear layer = codec == Q8_0Reference.INSTANCE
                            ? CudaLinear.q8_0(n, k, blocks, bias, m, int8Activations)
                            : CudaLinear.q4_K(n, k, blocks, bias, m, int8Activations)) {
                        layer.forward(x, m, out);
                        // Q4_K x bf16 at M <= 32 (kQ4KSmallM in gemm_paths.cuh) runs the small-M kernel, which
                        // never rounds the weights to bf16.
                        boolean exactWeights = codec == Q4_KReference.INSTANCE && m <= 32;
                        double[] ref = int8Activations
                                ? LinearReference.product(xq, w, biasB, m, n, k)
                                : LinearReference.product(xb, exactWeights ? w : LinearReference.roundToBf16(w), biasB,
                                        m, n, k);
                        compare(layer.kernel() + " [" + pathOf(layer.kernel(), m) + "] CudaLinear M=" + m + " N=" + n
                                + " K=" + k, out, ref);
                    }
                }
            }
        }
        byte[] packed = new byte[n * k / 2];
        random.nextBytes(packed);
        float[] absmax = new float[n * k / 64];
        for (int i = 0; i < absmax.length; i++) {
            absmax[i] = 0.01f + random.nextFloat() * 0.1f;
        }
        float[] out = new float[m * n];
        try (CudaLinear layer = CudaLinear.nf4(n, k, packed, absmax, bias, m)) {
            layer.forward(x, m, out);
        }
        compare("NF4_BF16 [" + pathOf(CudaKernel.NF4_BF16, m) + "] CudaLinear M=" + m + " N=" + n + " K=" + k, out,
                LinearReference.product(xb, LinearReference.roundToBf16(LinearReference.dequantizeNf4(packed, absmax, n,
                        k)), biasB, m, n, k));
        byte[] e4m3 = new byte[n * k];
        random.nextBytes(e4m3);
        for (int i = 0; i < e4m3.length; i++) {
            if ((e4m3[i] & 0x7f) == 0x7f) {
                e4m3[i] ^= 1;  // no NaN encodings
            }
        }
        float[] channelScale = new float[n];
        for (int j = 0; j < n; j++) {
            channelScale[j] = 1e-3f + random.nextFloat() * 1e-2f;
        }
        try (CudaLinear layer = CudaLinear.fp8(n, k, e4m3, channelScale, bias, m)) {
            layer.forward(x, m, out);
        }
        compare("FP8_BF16 [" + pathOf(CudaKernel.FP8_BF16, m) + "] CudaLinear M=" + m + " N=" + n + " K=" + k, out,
                LinearReference.product(xb, LinearReference.roundToBf16(LinearReference.dequantizeFp8(e4m3,
                        channelScale, n, k)), biasB, m, n, k));
    }

    private void compare(String name, float[] out, double[] ref) {
        double diff = 0;
        double norm = 0;
        int nan = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.isNaN(out[i])) {
                nan++;
            }
            diff += (out[i] - ref[i]) * (out[i] - ref[i]);
            norm += ref[i] * ref[i];
        }
        double rel = Math.sqrt(diff / norm);
        record(name, nan == 0 && rel <= TOLERANCE, String.format("rel error %.2e (tolerance %.0e), NaN %d", rel,
                TOLERANCE, nan));
    }

    private void errorsBecomeExceptions() {
        try (CudaStream stream = CudaStream.create(); DeviceBuffer buffer = DeviceBuffer.allocate(1 << 16)) {
            HalftoneCuda.gemmW8a8S32(buffer.pointer(), buffer.pointer(), 64, 64, 100, buffer.pointer(),
                    GemmPath.MMA_SYNC.code, stream.handle());
            record("K=100 raises CudaException", false, "no exception");
        } catch (CudaException e) {
            record("K=100 raises CudaException", e.status() == CudaException.INVALID_ARGUMENT
                    && e.getMessage().contains("K must be a multiple of 128"), e.getMessage());
        }
        try {
            DeviceBuffer.allocate(1L << 50).close();
            record("a 1 PiB allocation raises CudaException", false, "no exception");
        } catch (CudaException e) {
            record("a 1 PiB allocation raises CudaException with the CUDA error", e.status() == CudaException.CUDA_ERROR
                    && e.getMessage().contains("cudaErrorMemoryAllocation"), e.getMessage());
        }
    }

    private static MemorySegment copy(Arena arena, byte[] v) {
        return arena.allocate(v.length, 16).copyFrom(MemorySegment.ofArray(v));
    }

    private static MemorySegment copy(Arena arena, short[] v) {
        return arena.allocate(2L * v.length, 16).copyFrom(MemorySegment.ofArray(v));
    }

    private static MemorySegment copy(Arena arena, float[] v) {
        return arena.allocate(4L * v.length, 16).copyFrom(MemorySegment.ofArray(v));
    }
}
