// Weight-only GEMMs for many tokens in two steps: the weights dequantized to bf16 a slab of channels at a time
// (dequant_weights.cu, dequant_q4k_packed.cu), then multiplied by cuBLASLt (cublaslt_linear.cu); the slab loop is
// dequant_linear.cu. Entry points: ht_gemm_dequant_bf16 and ht_dequantize_weights (api.cu).
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "halftone/halftone_cuda.h"

namespace ht {

// Channels n0 .. n1 - 1 of weights [N][K] in `format` (w and w_aux as ht_dequantize_weights takes them) to bf16
// out [n1 - n0][K], row-major, each weight exactly as that format's fused bf16 kernels make it.
ht_status dequantize_weights(ht_weight_format format, const void *w, const void *w_aux, int K, int n0, int n1,
                             uint16_t *out, cudaStream_t stream);
// The packed Q4_K part of it (n0, n1 multiples of 64).
ht_status dequantize_q4_K_packed(const void *packed, int K, int n0, int n1, uint16_t *out, cudaStream_t stream);

ht_status gemm_dequant_bf16(ht_weight_format format, const uint16_t *x, const void *w, const void *w_aux,
                            const uint16_t *bias, int M, int N, int K, uint16_t *out, void *scratch,
                            size_t scratch_bytes, cudaStream_t stream);

// HT_OK when cuBLASLt is loaded, else HT_ERR_UNSUPPORTED with the reason.
ht_status cublaslt_status();

// out [M][ldd] columns 0 .. N - 1 = x [M][K] . w [N][K]^T (+ bias [N]) with cuBLASLt's bf16 GEMM (fp32
// accumulation and scale, bias fused in its epilogue). HT_ERR_UNSUPPORTED with the reason when cuBLASLt cannot be
// loaded. Thread-safe.
ht_status bf16_linear_cublaslt(const uint16_t *x, const uint16_t *w, const uint16_t *bias, int M, int N, int K,
                               int ldd, uint16_t *out, void *workspace, size_t workspace_bytes, cudaStream_t stream);

}  // namespace ht
