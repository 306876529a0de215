package dev.halftone.cuda;

import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.engine.load.StoredLinear;
import dev.halftone.engine.load.StoredWeight;
import dev.halftone.formats.nf4.Nf4Quantizer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which stored linears the CUDA placement puts on which kernel, and why the others stay on the CPU. */
class KernelFitTest {

    private static final int DIT_ROWS = 4096 + 256;  // image plus text tokens: above the packed kernel's any-GPU 32
    private static final BooleanSupplier WITH_CUBLASLT = () -> true;
    private static final BooleanSupplier WITHOUT_CUBLASLT = () -> false;

    private static StoredLinear linear(LinearFormat format, int n, int k, StoredWeight weight) {
        return new StoredLinear("probe", format, n, k, weight, new float[n], 1);
    }

    private static StoredLinear gguf(LinearFormat format, int n, int k) {
        return linear(format, n, k, new StoredWeight.GgufBlocks(MemorySegment.NULL));
    }

    private static StoredLinear int8(int n, int k) {
        return linear(LinearFormat.INT8, n, k, new StoredWeight.Int8(new byte[0], new float[n], new float[k]));
    }

    private static KernelFit fits(CudaKernel kernel) {
        return new KernelFit.Fits(kernel);
    }

    @Test
    void q4_KGoesToThePackedKernelWhereItCanServeEveryRow() {
        assertEquals(fits(CudaKernel.Q4_K_BF16_PACKED), KernelFit.of(gguf(LinearFormat.Q4_K, 3072, 3072), DIT_ROWS,
                true, WITHOUT_CUBLASLT));
        // off Hopper the packed layer serves more than 32 rows through cuBLASLt only: without it, the raw-block kernel
        assertEquals(fits(CudaKernel.Q4_K_BF16_PACKED), KernelFit.of(gguf(LinearFormat.Q4_K, 3072, 3072), DIT_ROWS,
                false, WITH_CUBLASLT));
        assertEquals(fits(CudaKernel.Q4_K_BF16), KernelFit.of(gguf(LinearFormat.Q4_K, 3072, 3072), DIT_ROWS, false,
                WITHOUT_CUBLASLT));
        assertEquals(fits(CudaKernel.Q4_K_BF16_PACKED), KernelFit.of(gguf(LinearFormat.Q4_K, 3072, 3072), 32, false,
                WITHOUT_CUBLASLT));
        // n a multiple of 8 but not of 64: the raw-block kernel
        assertEquals(fits(CudaKernel.Q4_K_BF16), KernelFit.of(gguf(LinearFormat.Q4_K, 48, 256), DIT_ROWS,
                true, WITH_CUBLASLT));
    }

    @Test
    void eachStoredKindGoesToItsKernel() {
        assertEquals(fits(CudaKernel.Q8_0_BF16), KernelFit.of(gguf(LinearFormat.Q8_0, 264, 384), DIT_ROWS,
                true, WITH_CUBLASLT));
        assertEquals(fits(CudaKernel.W8A8), KernelFit.of(int8(264, 512), DIT_ROWS, false, WITH_CUBLASLT));
        assertEquals(fits(CudaKernel.FP8_BF16), KernelFit.of(linear(LinearFormat.FP8, 64, 128,
                new StoredWeight.Fp8(new byte[64 * 128], 0.5f)), DIT_ROWS, false, WITH_CUBLASLT));
        var nf4 = Nf4Quantizer.quantize(new float[64 * 128], List.of(64L, 128L), 64, false);
        assertEquals(fits(CudaKernel.NF4_BF16), KernelFit.of(linear(LinearFormat.NF4, 64, 128,
                new StoredWeight.Nf4(nf4)), DIT_ROWS, false, WITH_CUBLASLT));
    }

    @Test
    void whatNoKernelTakesStaysOnTheCpuWithTheRule() {
        assertEquals(new KernelFit.Misfit("k = 48 not a multiple of 256"),
                KernelFit.of(gguf(LinearFormat.Q4_K, 64, 48), DIT_ROWS, true, WITH_CUBLASLT));
        assertEquals(new KernelFit.Misfit("k = 192 not a multiple of 128"), KernelFit.of(int8(64, 192), 8,
                true, WITH_CUBLASLT));
        assertEquals(new KernelFit.Misfit("n = 12 not a multiple of 8"), KernelFit.of(int8(12, 128), 8,
                true, WITH_CUBLASLT));
        assertEquals(new KernelFit.Misfit("no CUDA kernel for Q6_K"),
                KernelFit.of(gguf(LinearFormat.Q6_K, 256, 256), DIT_ROWS, true, WITH_CUBLASLT));
        assertEquals(new KernelFit.Misfit("no dense BF16 GEMM in the CUDA library"), KernelFit.of(
                linear(LinearFormat.BF16, 256, 256, new StoredWeight.Dense(new float[256 * 256])), DIT_ROWS,
                        true, WITH_CUBLASLT));
        var nf4 = Nf4Quantizer.quantize(new float[64 * 128], List.of(64L, 128L), 128, false);
        assertEquals(new KernelFit.Misfit("NF4 block size 128 (the kernel reads 64)"),
                KernelFit.of(linear(LinearFormat.NF4, 64, 128, new StoredWeight.Nf4(nf4)), DIT_ROWS,
                        true, WITH_CUBLASLT));
    }

    /** Layers no kernel takes never touch the library, so this runs without a GPU. */
    @Test
    void thePlacementCountsTheCpuLayersAndSaysWhy() {
        CudaDevice device = new CudaDevice(0, "NVIDIA GeForce RTX 3090", 8, 6, 82, 24L << 30);
        try (CudaLinearPlacement placement = new CudaLinearPlacement(device)) {
            for (String name : List.of("input_proj", "input_proj", "layers.0.w2")) {
                var stored = new StoredLinear(name, LinearFormat.BF16, 64, name.startsWith("input") ? 48 : 256,
                        new StoredWeight.Dense(new float[64 * 256]), new float[64], 1);
                assertEquals(java.util.Optional.empty(), placement.place(stored, DIT_ROWS));
            }
            assertEquals(0, placement.onGpu());
            assertEquals(3, placement.onCpu());
            assertEquals("CUDA backend on " + device + ": 0 of 3 linears on the GPU; 3 stay on the CPU (no dense BF16"
                    + " GEMM in the CUDA library: input_proj, layers.0.w2)", placement.summary());
        }
    }
}
