package dev.halftone.cuda;

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
    /** GGUF Q4_K blocks with int8 per-token activations, the per-32 scale and min applied per K slice. */
    Q4_K_INT8,
    /** QLoRA NF4 (bitsandbytes layout), bf16 activations. */
    NF4_BF16,
    /** FP8 E4M3 weights with a per-channel scale, bf16 activations. */
    FP8_BF16;

    /** True when the activations are quantized to int8 per token before the GEMM. */
    public boolean quantizesActivations() {
        return this == W8A8 || this == Q8_0_INT8 || this == Q4_K_INT8;
    }
}
