// Q4_K x bf16 for 1 to 4 tokens from the packed layout (q4k_packed_layout.cuh): the adaLN modulation and timestep
// linears of a DiT, which see one conditioning vector per image. The small-M kernel (gemm_q4k_packed_small_m.cu) puts
// the tokens on the n8 side of mma.sync m16n8k16, so with few tokens most of its 8 columns are padding, and it folds
// each 32-wide sub-block's scale out of a fresh accumulator: at one token that fold (the affine maps, the 4 lanes of
// a row each computing all of them) cost more issue slots than the decode and the tensor cores together, and Nsight
// Compute showed the kernel issue-bound with DRAM 19% busy (docs/benchmarks.md, thirty-first run).
//
// Here the 8 columns hold T tokens x S = 8 / T sub-blocks: column n = S * token + slot. A super-block is multiplied in
// T passes of S sub-blocks; in pass p, k16 step i (sub-block j = i / 2 of the super-block, slot j % S) carries each
// token's X in that token's column of the slot and zeros elsewhere (B block-diagonal by slot), so after the pass one
// accumulator tile holds C[r][n] = sum over sub-block p S + slot(n) of (128 + q) x[token(n)]. Lane (g, t) holds
// columns 2t, 2t + 1 of rows g, g + 8 and folds those four per pass, T times a super-block where the small-M kernel
// folds 8 times:
//   total += d*sc_j * C[r][n] - (dmin*m_j + 128*d*sc_j) * Sx_j,
// with Sx_j (the token's sum of x over sub-block j) from the tensor cores too (the same B times an A of ones). The
// weights are the same A fragments (128 + q as bf16, exact), never rounded to bf16, so the result is the
// dequantize-then-multiply product up to fp32 summation order (as the small-M kernel's). Summation order is fixed:
// a lane's two columns, the lanes of a token by shuffles, then warps in shared memory in warp order. Padding tokens
// (>= M) read token M - 1's X and are never stored.
#include <string>

#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "q4k_packed_layout.cuh"
#include "small_m_sums.cuh"

namespace ht {
namespace {

// Lane (g, t)'s B registers for sub-block j of super-block sb, from its token's row of X: for step parity h,
// k = 16h + 2t, +1 (xr[2h]) and k = 16h + 2t + 8, +9 (xr[2h + 1]) of the sub-block.
__device__ __forceinline__ void load_sub_block_x(const uint16_t *x_row, int sb, int j, int t, uint32_t (&xr)[4]) {
    const uint16_t *base = x_row + sb * HT_QK_K + 32 * j + 2 * t;
#pragma unroll
    for (int h = 0; h < 2; ++h) {
        xr[2 * h] = __ldg(reinterpret_cast<const uint32_t *>(base + 16 * h));
        xr[2 * h + 1] = __ldg(reinterpret_cast<const uint32_t *>(base + 16 * h + 8));
    }
}

// A block owns one 16-channel quarter of a 64-channel group over the whole of K for T tokens; its warps take
// interleaved super-blocks, each holding the next one's weights and X in registers while it multiplies the current one.
template <int T>
__global__ void __launch_bounds__(32 * kQ4KPackedMaxWarps)
    gemm_q4k_packed_few_tokens_kernel(const uint16_t *__restrict__ x, const uint8_t *__restrict__ packed,
                                      const ht_epilogue ep, int M, int N, int K, void *out) {
    static_assert(T == 1 || T == 2 || T == 4, "8 / T sub-blocks per token must fill the 8 columns");
    constexpr int S = 8 / T;  // sub-blocks per pass (column slots per token)
    // Two chains of dependent mma (even and odd sub-blocks) at 2 tokens: 1.74-2.00x against 1.62-1.94x with one;
    // at 1 token they cost registers and ran slower (1.71 against 2.02x at 3072 x 12288), at 4 they would pass 128
    // registers (thirty-sixth run).
    constexpr int kChains = T == 2 ? 2 : 1;
    __shared__ float sums[kQ4KPackedMaxWarps][8][kQ4KPackedQuarterChannels];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int group = blockIdx.x / 4, quarter = blockIdx.x % 4;
    const int super_blocks = K / HT_QK_K;
    const uint8_t *group_units = packed + static_cast<size_t>(group) * super_blocks * kQ4KPackedUnitBytes;
    const uint16_t *x_row = x + static_cast<size_t>(min(g / S, M - 1)) * K;  // the token of B column g
    const int slot = g % S;
    const uint32_t ones[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};  // bf16 pairs of 1.0

    float total[4] = {0.0f, 0.0f, 0.0f, 0.0f};  // e: row g + 8 (e / 2), column 2t + e % 2
    if (warp < super_blocks) {
        Q4KPackedQuarter next = load_q4k_packed_quarter(group_units + static_cast<size_t>(warp) * kQ4KPackedUnitBytes,
                                                        quarter, lane);
        uint32_t next_x[T][4];  // pass p: sub-block p S + slot
#pragma unroll
        for (int p = 0; p < T; ++p) load_sub_block_x(x_row, warp, p * S + slot, t, next_x[p]);
        for (int sb = warp; sb < super_blocks; sb += warps) {
            const Q4KPackedQuarter cur = next;
            uint32_t xr[T][4];
#pragma unroll
            for (int p = 0; p < T; ++p)
#pragma unroll
                for (int i = 0; i < 4; ++i) xr[p][i] = next_x[p][i];
            if (sb + warps < super_blocks) {
                next = load_q4k_packed_quarter(group_units + static_cast<size_t>(sb + warps) * kQ4KPackedUnitBytes,
                                               quarter, lane);
#pragma unroll
                for (int p = 0; p < T; ++p) load_sub_block_x(x_row, sb + warps, p * S + slot, t, next_x[p]);
            }
            const Q4KHead heads[2] = {q4k_head(cur.head[0]), q4k_head(cur.head[1])};
#pragma unroll
            for (int p = 0; p < T; ++p) {
                // With two chains even and odd sub-blocks accumulate apart and are added before the fold; a column
                // only ever sums one sub-block, so the other chain adds exactly zero to it.
                float c[kChains][4] = {}, sx[kChains][4] = {};
#pragma unroll
                for (int step = 2 * p * S; step < 2 * (p + 1) * S; ++step) {  // k16 steps of the super-block
                    const int h = step & 1, chain = (step / 2) % kChains;
                    const bool mine = slot == (step / 2) % S;
                    const uint32_t b0 = mine ? xr[p][2 * h] : 0u, b1 = mine ? xr[p][2 * h + 1] : 0u;
                    uint32_t a[4];
                    q4k_packed_offset_fragment((&cur.q[step / 4].x)[step % 4], a);
                    mma_bf16_16x8x16(c[chain], a, b0, b1);
                    mma_bf16_16x8x16(sx[chain], ones, b0, b1);
                }
#pragma unroll
                for (int e = 0; e < 4; ++e) {
                    const Q4KAffine f = q4k_affine(heads[e >> 1], p * S + (2 * t + (e & 1)) % S);
                    float ce = c[0][e], se = sx[0][e];
#pragma unroll
                    for (int k = 1; k < kChains; ++k) ce += c[k][e], se += sx[k][e];
                    // d*sc = scale128 / 128 exactly; offset = -(128 d*sc + dmin*m)
                    total[e] = fmaf(f.scale128 * 0.0078125f, ce, fmaf(f.offset, se, total[e]));
                }
            }
        }
    }

    // Each token's sum per row: the lane's two columns (one token), then the S / 2 lanes of that token.
    float mine[2] = {total[0] + total[1], total[2] + total[3]};
#pragma unroll
    for (int h = 0; h < 2; ++h)
#pragma unroll
        for (int offset = 1; offset < S / 2; offset <<= 1) mine[h] += __shfl_xor_sync(0xFFFFFFFFu, mine[h], offset);
    // In add_warp_sums_and_store's layout token n is column n: lane t = n / 2, element n % 2 (row g) or 2 + n % 2
    // (row g + 8), fetched from the first lane of the token's columns (n S / 2); columns >= T are never stored.
    float token[1][1][4];
#pragma unroll
    for (int e = 0; e < 4; ++e) {
        const int n = 2 * t + (e & 1);
        token[0][0][e] = __shfl_sync(0xFFFFFFFFu, mine[e >> 1], (lane & ~3) | ((n * S / 2) & 3));
    }
    add_warp_sums_and_store(sums, token, ep, out, blockIdx.x * kQ4KPackedQuarterChannels, M, N);
}

template <int T>
ht_status launch_few_tokens(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                            void *out, cudaStream_t stream) {
    const int blocks = N / kQ4KPackedQuarterChannels, threads = 32 * q4k_packed_warps_for(K / HT_QK_K);
    gemm_q4k_packed_few_tokens_kernel<T><<<blocks, threads, 0, stream>>>(
        static_cast<const uint16_t *>(x), static_cast<const uint8_t *>(packed), epilogue, M, N, K, out);
    HT_CHECK_LAUNCH("gemm_q4k_packed_few_tokens_kernel");
    return HT_OK;
}

}  // namespace

ht_status gemm_q4_K_bf16_packed_few_tokens(const void *x, const void *packed, const ht_epilogue &epilogue, int M,
                                           int N, int K, void *out, cudaStream_t stream) {
    if (M == 1) return launch_few_tokens<1>(x, packed, epilogue, M, N, K, out, stream);
    if (M == 2) return launch_few_tokens<2>(x, packed, epilogue, M, N, K, out, stream);
    if (M <= kQ4KPackedFewTokensM) return launch_few_tokens<4>(x, packed, epilogue, M, N, K, out, stream);
    return fail(HT_ERR_INVALID_ARGUMENT, "gemm_q4_K_bf16_packed_few_tokens: M = " + std::to_string(M) + " exceeds " +
                                             std::to_string(kQ4KPackedFewTokensM));
}

}  // namespace ht
