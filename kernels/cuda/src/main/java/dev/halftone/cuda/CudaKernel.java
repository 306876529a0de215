package dev.halftone.cuda;

import dev.halftone.engine.linear.LinearFormat;

/** The GEMM a {@link CudaLinear} runs, named by weight format and activation type. */
public enum CudaKernel {
    /** SmoothQuant W8A8: bf16 activations quantized per token to int8 in one pass, int8 x int8 -> int32, fused dequant. */
    W8A8,
    /** GGUF Q8_0 weights (repacked once at load), bf16 activations, dequantized to bf16 in shared memory. */
    Q8_0_BF16,
    /** GGUF Q8_0 weights with int8 per-token activations (llama.cpp MMQ style). */
    Q8_0_INT8,
    /** GGUF Q4_K blocks read as stored, bf16 activations. */
    Q4_K_BF16,
    /**
     * GGUF Q4_K blocks repacked once at load (same byte count) into tensor-core fragment order, bf16 activations:
     * mma.sync up to 32 tokens (16 on Hopper), on Hopper wgmma with the weights as its register operand and K split
     * over a thread-block cluster up to 64 tokens; above (as every weight-only kernel) the weights dequantized to
     * bf16 for cuBLASLt, or where cuBLASLt is missing Hopper's 256-token wgmma kernel.
     */
    Q4_K_BF16_PACKED,
    /** GGUF Q4_K blocks with int8 per-token activations, the per-32 scale and min applied per K slice. */
    Q4_K_INT8,
    /** QLoRA NF4 (bitsandbytes layout), bf16 activations. */
    NF4_BF16,
    /** FP8 E4M3 weights with a per-channel scale, bf16 activations. */
    FP8_BF16;

    /** The engine's name for this kernel's weight arithmetic. */
    public LinearFormat linearFormat() {
        return switch (this) {
            case W8A8 -> LinearFormat.INT8;
            case Q8_0_BF16, Q8_0_INT8 -> LinearFormat.Q8_0;
            case Q4_K_BF16, Q4_K_BF16_PACKED, Q4_K_INT8 -> LinearFormat.Q4_K;
            case NF4_BF16 -> LinearFormat.NF4;
            case FP8_BF16 -> LinearFormat.FP8;
        };
    }

    /**
     * The layout the dequantizing GEMM reads for this kernel's weights, for the weight-only kernels with bf16
     * activations; null for the int8-activation ones.
     */
    WeightFormat dequantFormat() {
        return switch (this) {
            case Q8_0_BF16 -> WeightFormat.Q8_0;
            case Q4_K_BF16 -> WeightFormat.Q4_K;
            case Q4_K_BF16_PACKED -> WeightFormat.Q4_K_PACKED;
            case NF4_BF16 -> WeightFormat.NF4;
            case FP8_BF16 -> WeightFormat.FP8;
            case W8A8, Q8_0_INT8, Q4_K_INT8 -> null;
        };
    }

    /** True when the activations are quantized to int8 per token before the GEMM. */
    public boolean quantizesActivations() {
        return this == W8A8 || this == Q8_0_INT8 || this == Q4_K_INT8;
    }
}
