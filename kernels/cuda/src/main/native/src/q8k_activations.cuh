// bf16 activations quantized for the packed Q4_K int8-activation GEMM (gemm_q4k_packed_q8.cu), as ggml's Q8_K does for
// its Q4_K dot products: one float scale per token and 256-value super-block, int8 values, and each 32-value
// sub-block's sum of the bf16 x (so the Q4_K mins multiply the exact sums, not the quantized ones).
//
// The buffer (ht_gemm_q4_K_packed_q8's scratch) holds rows = M rounded up to 8 (rows >= M all zeros), S = K / 256:
//   xq    int8 [rows][K]: super-block by super-block, the 256 values reordered so that lane (g, t) of an mma.sync
//         m16n8k32 finds its B fragments for sub-blocks 2p and 2p + 1 in the 16 bytes at 64p + 16t (q8k_offset);
//   xsum  bf16 [rows][S][16]: sub-block j's sum s_j as hi_j = bf16(s_j) and lo_j = bf16(s_j - hi_j) (round to
//         nearest even), 8 bytes per t: (hi_2t, hi_2t+1, lo_2t, lo_2t+1), an m16n8k16 B fragment;
//   dx    float [S][rows]: amax / 127, with amax the super-block's largest |x| (0 when all are zero).
// xq = clamp(rint(x * (127 / amax)), -127, 127) in fp32, the division correctly rounded, rint to nearest even.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "halftone/blocks.h"
#include "halftone/halftone_cuda.h"

namespace ht {

constexpr int kQ8KTokenTile = 8;  // the n8 side of the mma

struct Q8KActivations {
    int8_t *xq;
    uint16_t *xsum;
    float *dx;
    int rows;
};

__host__ __device__ constexpr int q8k_rows(int M) { return (M + kQ8KTokenTile - 1) / kQ8KTokenTile * kQ8KTokenTile; }

__host__ __device__ constexpr int64_t q8k_bytes(int M, int K) {
    return static_cast<int64_t>(q8k_rows(M)) * K + static_cast<int64_t>(q8k_rows(M)) * (K / HT_QK_K) * (32 + 4);
}

// Byte offset inside its super-block of value k (0..255). Sub-block j = k / 32 is mma k-step j; its value r = k % 32
// sits in B register r / 16 of lane t = (r % 8) / 2, byte e = r % 2 + 2 (r % 16 / 8): the k order of the packed
// Q4_K words (q4k_packed_layout.cuh), whose low nibbles are the A bytes at the same positions.
__host__ __device__ constexpr int q8k_offset(int k) {
    return 64 * (k / 64) + 16 * ((k % 8) / 2) + 8 * ((k / 32) % 2) + 4 * ((k % 32) / 16) + (k % 2) + 2 * ((k % 16) / 8);
}

// Carves the buffer out of scratch (q8k_bytes(M, K) bytes, 16-byte aligned).
inline Q8KActivations q8k_view(void *scratch, int M, int K) {
    const int rows = q8k_rows(M);
    auto *base = static_cast<uint8_t *>(scratch);
    auto *xq = reinterpret_cast<int8_t *>(base);
    auto *xsum = reinterpret_cast<uint16_t *>(base + static_cast<size_t>(rows) * K);
    auto *dx = reinterpret_cast<float *>(base + static_cast<size_t>(rows) * K + static_cast<size_t>(rows) * (K / HT_QK_K) * 32);
    return Q8KActivations{xq, xsum, dx, rows};
}

// x [M][K] bf16 into a (all q8k_rows(M) rows written).
ht_status quantize_q8k(const uint16_t *x, int M, int K, const Q8KActivations &a, cudaStream_t stream);

}  // namespace ht
