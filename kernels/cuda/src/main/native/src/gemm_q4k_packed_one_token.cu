// Q4_K x bf16 for one token (M = 1) from the packed layout (q4k_packed_layout.cuh): the adaLN modulation and timestep
// linears of a DiT, which see one conditioning vector per image. The small-M kernel (gemm_q4k_packed_small_m.cu) puts
// the token on the n8 side of mma.sync m16n8k16, so 7 of its 8 columns are padding, and folds each sub-block's scale
// out of a fresh accumulator: at M = 1 that fold (the affine maps, 4 lanes to a row each computing all of them) cost
// more issue slots than the decode and the tensor cores together, and Nsight Compute showed the kernel issue-bound
// with DRAM 19% busy (docs/benchmarks.md, thirty-first run).
//
// Here the 8 columns are the super-block's 8 sub-blocks instead: B is block-diagonal, k16 step i of the super-block
// (sub-block j = i / 2) carrying the token's X in column j and zeros elsewhere, so one accumulator tile holds every
// sub-block's product after the super-block's 16 steps, C[r][j] = sum over sub-block j of (128 + q) x. Lane (g, t)
// holds columns j = 2t, 2t + 1 of rows g, g + 8, and folds those four once per super-block:
//   total += d*sc_j * C[r][j] - (dmin*m_j + 128*d*sc_j) * Sx_j,
// with Sx_j from the tensor cores too (the same B times an A of ones). The lane computes 4 affine maps per super-block
// where the small-M kernel computes 32; the weights are the same A fragments (128 + q as bf16, exact), never rounded
// to bf16, so the result is the dequantize-then-multiply product up to fp32 summation order (as the small-M kernel's).
// Summation order is fixed: columns, then the 4 lanes of a row by shuffles, then warps in shared memory in warp order.
#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "q4k_packed_layout.cuh"
#include "small_m_sums.cuh"

namespace ht {
namespace {

constexpr int kQuarter = 16;  // channels of one m16 tile: a quarter of a packed group

// X of sub-block g of super-block sb as lane (g, t)'s B registers: for step parity p, k = 16p + 2t, +1 (xr[2p]) and
// k = 16p + 2t + 8, +9 (xr[2p + 1]) of the sub-block.
__device__ __forceinline__ void load_sub_block_x(const uint16_t *x, int sb, int g, int t, uint32_t (&xr)[4]) {
    const uint16_t *base = x + sb * HT_QK_K + 32 * g + 2 * t;
#pragma unroll
    for (int p = 0; p < 2; ++p) {
        xr[2 * p] = __ldg(reinterpret_cast<const uint32_t *>(base + 16 * p));
        xr[2 * p + 1] = __ldg(reinterpret_cast<const uint32_t *>(base + 16 * p + 8));
    }
}

// A block owns one 16-channel quarter of a 64-channel group over the whole of K; its warps take interleaved
// super-blocks, each holding the next one's weights and X in registers while it multiplies the current one.
__global__ void __launch_bounds__(32 * kQ4KPackedMaxWarps)
    gemm_q4k_packed_one_token_kernel(const uint16_t *__restrict__ x, const uint8_t *__restrict__ packed,
                                     const ht_epilogue ep, int N, int K, void *out) {
    __shared__ float sums[kQ4KPackedMaxWarps][8][kQuarter];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int group = blockIdx.x / 4, quarter = blockIdx.x % 4;
    const int super_blocks = K / HT_QK_K;
    const uint8_t *group_units = packed + static_cast<size_t>(group) * super_blocks * kQ4KPackedUnitBytes;
    const uint32_t ones[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};  // bf16 pairs of 1.0

    float total[4] = {0.0f, 0.0f, 0.0f, 0.0f};  // e: row g + 8 (e / 2), column (sub-block) 2t + e % 2
    if (warp < super_blocks) {
        Q4KPackedQuarter next = load_q4k_packed_quarter(group_units + static_cast<size_t>(warp) * kQ4KPackedUnitBytes,
                                                        quarter, lane);
        uint32_t next_x[4];
        load_sub_block_x(x, warp, g, t, next_x);
        for (int sb = warp; sb < super_blocks; sb += warps) {
            const Q4KPackedQuarter cur = next;
            uint32_t xr[4];
#pragma unroll
            for (int i = 0; i < 4; ++i) xr[i] = next_x[i];
            if (sb + warps < super_blocks) {
                next = load_q4k_packed_quarter(group_units + static_cast<size_t>(sb + warps) * kQ4KPackedUnitBytes,
                                               quarter, lane);
                load_sub_block_x(x, sb + warps, g, t, next_x);
            }
            float c[4] = {0.0f, 0.0f, 0.0f, 0.0f}, sx[4] = {0.0f, 0.0f, 0.0f, 0.0f};
#pragma unroll
            for (int stage = 0; stage < 4; ++stage)
#pragma unroll
                for (int i = 0; i < 4; ++i) {
                    const int p = i & 1;  // the step's half of sub-block 2 stage + i / 2
                    const bool mine = g == 2 * stage + i / 2;
                    const uint32_t b0 = mine ? xr[2 * p] : 0u, b1 = mine ? xr[2 * p + 1] : 0u;
                    uint32_t a[4];
                    q4k_packed_offset_fragment((&cur.q[stage].x)[i], a);
                    mma_bf16_16x8x16(c, a, b0, b1);
                    mma_bf16_16x8x16(sx, ones, b0, b1);
                }
            const Q4KHead heads[2] = {q4k_head(cur.head[0]), q4k_head(cur.head[1])};
#pragma unroll
            for (int e = 0; e < 4; ++e) {
                const Q4KAffine f = q4k_affine(heads[e >> 1], 2 * t + (e & 1));
                // d*sc = scale128 / 128 exactly; offset = -(128 d*sc + dmin*m)
                total[e] = fmaf(f.scale128 * 0.0078125f, c[e], fmaf(f.offset, sx[e], total[e]));
            }
        }
    }

    // Each row's 8 columns: the lane's two, then the row's 4 lanes (t) by shuffles.
    float row[2] = {total[0] + total[1], total[2] + total[3]};
#pragma unroll
    for (int h = 0; h < 2; ++h) {
        row[h] += __shfl_xor_sync(0xFFFFFFFFu, row[h], 1);
        row[h] += __shfl_xor_sync(0xFFFFFFFFu, row[h], 2);
    }
    // In add_warp_sums_and_store's layout the token is column 0: lane t = 0, elements 0 (row g) and 2 (row g + 8).
    const float token[1][1][4] = {{{row[0], 0.0f, row[1], 0.0f}}};
    add_warp_sums_and_store(sums, token, ep, out, blockIdx.x * kQuarter, 1, N);
}

}  // namespace

ht_status gemm_q4_K_bf16_packed_one_token(const void *x, const void *packed, const ht_epilogue &epilogue, int N,
                                          int K, void *out, cudaStream_t stream) {
    gemm_q4k_packed_one_token_kernel<<<N / kQuarter, 32 * q4k_packed_warps_for(K / HT_QK_K), 0, stream>>>(
        static_cast<const uint16_t *>(x), static_cast<const uint8_t *>(packed), epilogue, N, K, out);
    HT_CHECK_LAUNCH("gemm_q4k_packed_one_token_kernel");
    return HT_OK;
}

}  // namespace ht
