package dev.halftone.engine.linear;

/** The arithmetic a {@link LinearBackend} uses, named as variants and reports name it. */
public enum LinearFormat {
    /** float32 weights. */
    FP32,
    /** bf16 weights widened exactly to float32. */
    BF16,
    /** IEEE half weights widened exactly to float32 (GGUF keeps unquantizable tensors so). */
    F16,
    /** F8_E4M3 weights with a per-tensor scale, dequantized exactly to bf16 (docs/model.md §5), float32 compute. */
    FP8,
    /** SmoothQuant W8A8: per-channel int8 weights, per-token dynamic int8 activations, int32 accumulation. */
    INT8,
    /** GGUF weight-only formats, decoded to float32 values at load by the formats module's row codecs. */
    Q8_0, Q4_K, Q5_K, Q6_K,
    /** QLoRA 4-bit NormalFloat weight-only, decoded to float32 values at load. */
    NF4
}
