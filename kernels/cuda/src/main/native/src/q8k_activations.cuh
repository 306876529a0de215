// bf16 activations quantized for the packed Q4_K int8-activation GEMM (gemm_q4k_packed_q8.cu), as ggml's Q8_K does for
// its Q4_K dot products: one float scale per token and 256-value super-block, int8 values, and each 32-value
// sub-block's sum of the bf16 x (so the Q4_K mins multiply the exact sums, not the quantized ones).
//
// The buffer (ht_gemm_q4_K_packed_q8's scratch) holds rows = M rounded up to 8 (rows >= M all zeros) as units of 8
// tokens (one mma n8 tile) and one super-block, unit (sb, tile) at byte kQ8KTileBytes * (sb * rows / 8 + tile), so the
// units a GEMM block needs for one super-block are one contiguous run it copies without any index arithmetic:
//   values  int8 [4 pairs p][8 tokens][4 t][16]: the token's values of sub-blocks 2p and 2p + 1 reordered so that lane
//           (g, t) of an mma.sync m16n8k32 finds its B fragments in 16 bytes (q8k_offset), and a warp's B loads of a
//           pair are one contiguous 512-byte run;
//   sums    bf16 [8 tokens][16]: sub-block j's sum s_j as hi_j = bf16(s_j) and lo_j = bf16(s_j - hi_j) (round to
//           nearest even), 8 bytes per t: (hi_2t, hi_2t+1, lo_2t, lo_2t+1), an m16n8k16 B fragment;
//   scales  fp32 [8 tokens]: amax / 127, with amax the super-block's largest |x| (0 when all are zero).
// xq = clamp(rint(x * (127 / amax)), -127, 127) in fp32, the division correctly rounded, rint to nearest even.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "halftone/blocks.h"
#include "halftone/halftone_cuda.h"

namespace ht {

constexpr int kQ8KTokenTile = 8;  // the n8 side of the mma

constexpr int kQ8KValueBytes = kQ8KTokenTile * HT_QK_K;                 // 2048
constexpr int kQ8KSumsOffset = kQ8KValueBytes;                           // 256 bytes of sums
constexpr int kQ8KScalesOffset = kQ8KSumsOffset + kQ8KTokenTile * 32;   // 32 bytes of scales
constexpr int kQ8KTileBytes = kQ8KScalesOffset + kQ8KTokenTile * 4;     // 2336, a multiple of 16
static_assert(kQ8KTileBytes % 16 == 0, "units are copied in 16-byte chunks");

struct Q8KActivations {
    uint8_t *units;
    int rows;
};

__host__ __device__ inline uint8_t *q8k_unit(const Q8KActivations &a, int sb, int tile) {
    return a.units + (static_cast<size_t>(sb) * (a.rows / kQ8KTokenTile) + tile) * kQ8KTileBytes;
}

__host__ __device__ constexpr int q8k_rows(int M) { return (M + kQ8KTokenTile - 1) / kQ8KTokenTile * kQ8KTokenTile; }

__host__ __device__ constexpr int64_t q8k_bytes(int M, int K) {
    return static_cast<int64_t>(q8k_rows(M) / kQ8KTokenTile) * (K / HT_QK_K) * kQ8KTileBytes;
}

// Byte offset of value k (0..255) of a super-block among a token's 256 reordered values (pair p = k / 64 at 64p).
// Sub-block j = k / 32 is mma k-step j; its value r = k % 32 sits in B register r / 16 of lane t = (r % 8) / 2, byte
// e = r % 2 + 2 (r % 16 / 8): the k order of the packed Q4_K words (q4k_packed_layout.cuh), whose low nibbles are the
// A bytes at the same positions.
__host__ __device__ constexpr int q8k_offset(int k) {
    return 64 * (k / 64) + 16 * ((k % 8) / 2) + 8 * ((k / 32) % 2) + 4 * ((k % 32) / 16) + (k % 2) + 2 * ((k % 16) / 8);
}

// Byte offset inside a unit's values of a token's reordered byte offset o (q8k_offset).
__host__ __device__ constexpr int q8k_unit_offset(int token, int o) { return 512 * (o / 64) + 64 * token + o % 64; }

// The buffer in scratch (q8k_bytes(M, K) bytes, 16-byte aligned).
inline Q8KActivations q8k_view(void *scratch, int M) { return Q8KActivations{static_cast<uint8_t *>(scratch), q8k_rows(M)}; }

// x [M][K] bf16 into a (all q8k_rows(M) rows written).
ht_status quantize_q8k(const uint16_t *x, int M, int K, const Q8KActivations &a, cudaStream_t stream);

}  // namespace ht
