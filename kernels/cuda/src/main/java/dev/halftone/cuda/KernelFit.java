package dev.halftone.cuda;

import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.engine.load.StoredLinear;
import dev.halftone.engine.load.StoredWeight;

import java.util.function.BooleanSupplier;

/**
 * Which CUDA kernel serves a stored linear, or why none does: the format and shape rules of {@link CudaLinear} and
 * the C API ({@code halftone_cuda.h}) as a pure function, so the placement's choices are testable without a GPU.
 * Weight-only formats take bf16 activations (the CPU computes them with float32 activations; int8 activations
 * would add a second rounding the CPU variant does not have).
 */
public sealed interface KernelFit {

    /** Every kernel needs the output width a multiple of this (mma tiles of 8 columns). */
    int N_MULTIPLE = 8;
    /** The packed Q4_K kernel's output width multiple (its repack works on 64-channel groups). */
    int PACKED_N_MULTIPLE = 64;
    /**
     * Forwards of up to this many rows run the packed Q4_K kernels on any device; more need cuBLASLt (the
     * dequantizing path) or sm_90's wgmma.
     */
    int PACKED_ANY_DEVICE_MAX_ROWS = 32;
    /** Q4_K super-blocks run along K in 256 weights. */
    int Q4_K_K_MULTIPLE = 256;
    /** The other kernels (and the activation quantizer) tile K by 128. */
    int K_MULTIPLE = 128;
    /** NF4 absmax blocks the kernel reads ([n][k/64]). */
    int NF4_BLOCK = 64;

    /** The layer runs on {@code kernel}. */
    record Fits(CudaKernel kernel) implements KernelFit {
    }

    /** The layer stays on the CPU; {@code reason} names the rule it breaks, without the layer's name. */
    record Misfit(String reason) implements KernelFit {
    }

    /**
     * The kernel for {@code linear} on a device ({@code hopper}: sm_90) running forwards of up to maxRows rows;
     * {@code cublasLt} says whether the library loaded cuBLASLt, asked only where the answer matters.
     */
    static KernelFit of(StoredLinear linear, int maxRows, boolean hopper, BooleanSupplier cublasLt) {
        int n = linear.out();
        KernelFit byFormat = switch (linear.weight()) {
            case StoredWeight.Dense dense -> new Misfit("no dense " + linear.format() + " GEMM in the CUDA library");
            case StoredWeight.GgufBlocks blocks -> switch (linear.format()) {
                case Q8_0 -> new Fits(CudaKernel.Q8_0_BF16);
                case Q4_K -> new Fits(n % PACKED_N_MULTIPLE == 0 && (hopper
                        || maxRows <= PACKED_ANY_DEVICE_MAX_ROWS || cublasLt.getAsBoolean())
                        ? CudaKernel.Q4_K_BF16_PACKED : CudaKernel.Q4_K_BF16);
                default -> new Misfit("no CUDA kernel for " + linear.format());
            };
            case StoredWeight.Int8 int8 -> new Fits(CudaKernel.W8A8);
            case StoredWeight.Fp8 fp8 -> new Fits(CudaKernel.FP8_BF16);
            case StoredWeight.Nf4 nf4 -> nf4.weight().blockSize() == NF4_BLOCK ? new Fits(CudaKernel.NF4_BF16)
                    : new Misfit("NF4 block size " + nf4.weight().blockSize() + " (the kernel reads " + NF4_BLOCK + ")");
        };
        return byFormat instanceof Fits fits ? shapeChecked(fits.kernel(), n, linear.in()) : byFormat;
    }

    private static KernelFit shapeChecked(CudaKernel kernel, int n, int k) {
        int kMultiple = kernel.linearFormat() == LinearFormat.Q4_K ? Q4_K_K_MULTIPLE : K_MULTIPLE;
        if (k % kMultiple != 0) {
            return new Misfit("k = " + k + " not a multiple of " + kMultiple);
        }
        if (n % N_MULTIPLE != 0) {
            return new Misfit("n = " + n + " not a multiple of " + N_MULTIPLE);
        }
        return new Fits(kernel);
    }
}
