// Internal entry points of the GEMM implementations; api.cu validates arguments and picks among them.
#pragma once

#include <cstdint>

#include "common.cuh"

namespace ht {

// The weight formats the mma.sync GEMM reads (see weight_decoders.cuh).
enum class WeightOperand { Int8, Q8_0Bf16, Q4_KBf16, Nf4Bf16, Fp8Bf16, Q8_0Int8, Q4_KInt8 };

// Tile shapes of the mma.sync GEMM: Standard 128 x 128 (3 stages, fits the RTX 3090's 100 KB of shared memory),
// Wide 128 x 256 (W8A8 only, 144 KB: Hopper), Small 64 x 64 (M <= 64: more blocks over N).
enum class MmaTile { Standard, Wide, Small };

struct GemmOperands {
    const void *a;
    const int32_t *a_block_sums;
    const void *w;
    const void *w_aux;
};

ht_status gemm_mma(WeightOperand operand, MmaTile tile, const GemmOperands &operands, const ht_epilogue &epilogue,
                   int M, int N, int K, void *out, bool out_s32, cudaStream_t stream);

// Q4_K x bf16 for M <= kQ4KSmallM tokens (gemm_q4k_small_m.cu): weights decoded straight into mma.sync A fragments,
// one launch without split-K scratch. Measured on an H200 against the generic kernel (docs/benchmarks.md): faster
// at M = 1 and 16 on every shape and at M = 32 on two of three, slower at M = 64; the checks mirror this bound
// (gpu_check.py, GpuJniCheck).
constexpr int kQ4KSmallM = 32;
ht_status gemm_q4_K_bf16_small_m(const void *x, const void *blocks, const ht_epilogue &epilogue, int M, int N, int K,
                                 void *out, cudaStream_t stream);

// Q4_K x bf16 on Hopper for M > kQ4KWgmmaAboveM (gemm_q4k_wgmma_sm90.cu): GGUF blocks decoded to bf16 in shared
// memory by a producer warpgroup, wgmma m64n128k16 on 256-row tiles, which below that bound are mostly padding.
constexpr int kQ4KWgmmaAboveM = 64;
ht_status gemm_q4_K_bf16_wgmma(const void *x, const void *blocks, const ht_epilogue &epilogue, int M, int N, int K,
                               void *out, cudaStream_t stream);

// Q4_K x bf16 on Hopper from weights repacked once by repack_q4_K (q4k_packed_layout.cuh; N a multiple of 64):
// the weights are wgmma's register operand (gemm_q4k_packed_sm90.cu), on 256-token tiles, or for
// kQ4KPackedSplitKAboveM < M <= kQ4KPackedSplitKMaxM on tiles of 32 or 64 tokens with K split over a cluster.
constexpr int kQ4KPackedSplitKAboveM = 16, kQ4KPackedSplitKMaxM = 64;
ht_status repack_q4_K(const void *blocks, int N, int K, void *packed, cudaStream_t stream);
ht_status gemm_q4_K_bf16_packed(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                                void *out, cudaStream_t stream);
ht_status gemm_q4_K_bf16_packed_split_k(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N,
                                        int K, void *out, cudaStream_t stream);
// The same weights for M <= kQ4KPackedSmallM on mma.sync (gemm_q4k_packed_small_m.cu; sm_80 and later; on Hopper
// only up to kQ4KPackedSplitKAboveM, where the split-K kernel takes over).
constexpr int kQ4KPackedSmallM = 32;
ht_status gemm_q4_K_bf16_packed_small_m(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N,
                                        int K, void *out, cudaStream_t stream);

// The same weights for 1..kQ4KPackedFewTokensM tokens (gemm_q4k_packed_few_tokens.cu; sm_80 and later): the 8
// columns of the mma.sync tile hold T tokens x 8 / T sub-blocks, so each lane folds the scales T times a super-block
// instead of 8.
constexpr int kQ4KPackedFewTokensM = 4;
ht_status gemm_q4_K_bf16_packed_few_tokens(const void *x, const void *packed, const ht_epilogue &epilogue, int M,
                                           int N, int K, void *out, cudaStream_t stream);
// The same weights times int8 activations for 1..kQ4KPackedQ8MaxM tokens (gemm_q4k_packed_q8.cu; sm_80 and later,
// K split over a cluster on sm_90): x is quantized into scratch (q8k_activations.cuh) first.
constexpr int kQ4KPackedQ8MaxM = 64;
ht_status gemm_q4_K_packed_q8(const uint16_t *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                              void *out, void *scratch, cudaStream_t stream);

ht_status gemm_w8a8_wgmma(const int8_t *xq, const int8_t *w, const ht_epilogue &epilogue, int M, int N, int K,
                          void *out, bool out_s32, cudaStream_t stream);

ht_status repack_q8_0(const void *blocks, int N, int K, int8_t *qs, uint16_t *d, cudaStream_t stream);

}  // namespace ht
