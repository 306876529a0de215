// Q4_K x bf16 for small M (1..kQ4KPackedSmallM tokens) from the packed layout (q4k_packed_layout.cuh), where the time
// is the weight stream. As in gemm_q4k_small_m.cu the product is computed transposed on mma.sync m16n8k16 (weights
// as A, 16 channels per m16 tile; tokens as the n8 dimension, X read from global memory into B fragments), but the
// packed layout already holds each lane's A fragments: a warp reads one contiguous 512-byte run per 64-value stage
// with a 16-byte load per lane, where the GGUF layout needed fragment-shaped loads (8 rows x 32 bytes per
// instruction), measured 1.4-1.6x slower for the same bytes (q4k_stream_patterns.cu).
//
// A block owns one or two 16-channel quarters of a 64-channel group over the whole of K. Its warps take interleaved
// super-blocks (4 stages each: one head load per super-block), each holding the next super-block's weights and the
// next stage's X in registers while it multiplies the current one, and add their sums in shared memory in warp order,
// so the result does not depend on timing.
//
// Numerics as in gemm_q4k_small_m.cu: each 32-wide sub-block is two k16 steps, so its scale factors out of the
// accumulator. A holds 128 + q as the bf16 bits 0x4300 | q (a byte permute, no arithmetic per weight), each
// sub-block's product goes to a fresh fp32 accumulator acc, and total += d*sc * acc - (dmin*m + 128*d*sc) * Sx with
// Sx the sub-block's sum of x, from the tensor cores too (the same B times an A of ones). The weights are never
// rounded to bf16: the result is the dequantize-then-multiply product up to fp32 summation order. Padding tokens
// (>= M) read token M - 1's X and are never stored.
#include <string>

#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "q4k_packed_layout.cuh"
#include "small_m_sums.cuh"

namespace ht {
namespace {

// MT m16 tiles (quarters of one group) per block, NT n8 tiles of tokens.
template <int MT, int NT>
__global__ void __launch_bounds__(32 * kQ4KPackedMaxWarps)
    gemm_q4k_packed_small_m_kernel(const uint16_t *__restrict__ x, const uint8_t *__restrict__ packed,
                                   const ht_epilogue ep, int M, int N, int K, void *out) {
    static_assert(4 % MT == 0, "a block's quarters must come from one group");
    constexpr int kChannels = kQ4KPackedQuarterChannels * MT;
    __shared__ float sums[kQ4KPackedMaxWarps][8 * NT][kChannels];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int group = blockIdx.x / (4 / MT), first_quarter = (blockIdx.x % (4 / MT)) * MT;
    const int super_blocks = K / HT_QK_K;
    const uint8_t *group_units = packed + static_cast<size_t>(group) * super_blocks * kQ4KPackedUnitBytes;
    const uint16_t *x_rows[NT];
#pragma unroll
    for (int nt = 0; nt < NT; ++nt) x_rows[nt] = x + static_cast<size_t>(min(8 * nt + g, M - 1)) * K;

    float total[MT][NT][4];
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int e = 0; e < 4; ++e) total[mt][nt][e] = 0.0f;

    // B fragments of a stage's 4 k16 steps: X[token][k .. k + 1] and [k + 8 .. k + 9], k = 16 step + 2t; loaded a
    // stage ahead into a ring of two.
    uint32_t b[2][NT][4][2];
    const auto load_x = [&](int sb, int stage, uint32_t (&dst)[NT][4][2]) {
        const int k0 = sb * HT_QK_K + 64 * stage + 2 * t;
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int step = 0; step < 4; ++step) {
                dst[nt][step][0] = __ldg(reinterpret_cast<const uint32_t *>(x_rows[nt] + k0 + 16 * step));
                dst[nt][step][1] = __ldg(reinterpret_cast<const uint32_t *>(x_rows[nt] + k0 + 16 * step + 8));
            }
    };
    const uint32_t ones[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};  // bf16 pairs of 1.0
    if (warp < super_blocks) {
        Q4KPackedQuarter next[MT];
#pragma unroll
        for (int mt = 0; mt < MT; ++mt)
            next[mt] = load_q4k_packed_quarter(group_units + static_cast<size_t>(warp) * kQ4KPackedUnitBytes,
                                               first_quarter + mt, lane);
        load_x(warp, 0, b[0]);
        for (int sb = warp; sb < super_blocks; sb += warps) {
            Q4KPackedQuarter cur[MT];
            Q4KHead heads[MT][2];
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
                cur[mt] = next[mt];
                heads[mt][0] = q4k_head(cur[mt].head[0]);
                heads[mt][1] = q4k_head(cur[mt].head[1]);
            }
            const bool more = sb + warps < super_blocks;
            if (more)
#pragma unroll
                for (int mt = 0; mt < MT; ++mt)
                    next[mt] = load_q4k_packed_quarter(
                        group_units + static_cast<size_t>(sb + warps) * kQ4KPackedUnitBytes, first_quarter + mt, lane);
            // The sub-block's Sx depends only on X: one per n8 tile, shared by the m16 tiles.
#pragma unroll
            for (int s = 0; s < 4; ++s) {
                if (s < 3) {
                    load_x(sb, s + 1, b[(s + 1) % 2]);
                } else if (more) {
                    load_x(sb + warps, 0, b[0]);
                }
#pragma unroll
                for (int half = 0; half < 2; ++half) {  // sub-block 2s + half: k16 steps 2 half and 2 half + 1
                    float part[MT][NT][4], sx[NT][4];
#pragma unroll
                    for (int nt = 0; nt < NT; ++nt)
#pragma unroll
                        for (int e = 0; e < 4; ++e) {
                            sx[nt][e] = 0.0f;
#pragma unroll
                            for (int mt = 0; mt < MT; ++mt) part[mt][nt][e] = 0.0f;
                        }
#pragma unroll
                    for (int step = 2 * half; step < 2 * half + 2; ++step) {
#pragma unroll
                        for (int nt = 0; nt < NT; ++nt)
                            mma_bf16_16x8x16(sx[nt], ones, b[s % 2][nt][step][0], b[s % 2][nt][step][1]);
#pragma unroll
                        for (int mt = 0; mt < MT; ++mt) {
                            uint32_t a[4];
                            q4k_packed_offset_fragment((&cur[mt].q[s].x)[step], a);
#pragma unroll
                            for (int nt = 0; nt < NT; ++nt)
                                mma_bf16_16x8x16(part[mt][nt], a, b[s % 2][nt][step][0], b[s % 2][nt][step][1]);
                        }
                    }
#pragma unroll
                    for (int mt = 0; mt < MT; ++mt) {
                        const Q4KAffine f[2] = {q4k_affine(heads[mt][0], 2 * s + half),
                                                q4k_affine(heads[mt][1], 2 * s + half)};
#pragma unroll
                        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
                            for (int e = 0; e < 4; ++e) {  // e < 2: row r0, else r0 + 8
                                const Q4KAffine &fr = f[e >> 1];
                                // d*sc = scale128 / 128 exactly; offset = -(128 d*sc + dmin*m)
                                total[mt][nt][e] = fmaf(fr.scale128 * 0.0078125f, part[mt][nt][e],
                                                        fmaf(fr.offset, sx[nt][e], total[mt][nt][e]));
                            }
                    }
                }
            }
        }
    }

    add_warp_sums_and_store(sums, total, ep, out, blockIdx.x * kChannels, M, N);
}

template <int MT, int NT>
ht_status launch_packed_small_m(const void *x, const void *packed, const ht_epilogue &ep, int M, int N, int K,
                                void *out, cudaStream_t stream) {
    const int blocks = N / (kQ4KPackedQuarterChannels * MT), threads = 32 * q4k_packed_warps_for(K / HT_QK_K);
    gemm_q4k_packed_small_m_kernel<MT, NT><<<blocks, threads, 0, stream>>>(
        static_cast<const uint16_t *>(x), static_cast<const uint8_t *>(packed), ep, M, N, K, out);
    HT_CHECK_LAUNCH("gemm_q4k_packed_small_m_kernel");
    return HT_OK;
}

}  // namespace

ht_status gemm_q4_K_bf16_packed_small_m(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N,
                                        int K, void *out, cudaStream_t stream) {
    const int n_tiles = (M + 7) / 8;
    // As in the raw-block small-M kernel: 16 channels per block keep enough blocks in flight at M <= 8; at 9..16
    // tokens 32 channels share each X load; at 17..32 two m16 tiles would not fit the registers (255, spilling).
    if (n_tiles <= 1) return launch_packed_small_m<1, 1>(x, packed, epilogue, M, N, K, out, stream);
    if (n_tiles <= 2) return launch_packed_small_m<2, 2>(x, packed, epilogue, M, N, K, out, stream);
    if (n_tiles <= 4) return launch_packed_small_m<1, 4>(x, packed, epilogue, M, N, K, out, stream);
    return fail(HT_ERR_INVALID_ARGUMENT, "gemm_q4_K_bf16_packed_small_m: M = " + std::to_string(M) + " exceeds " +
                                             std::to_string(kQ4KPackedSmallM));
}

}  // namespace ht
