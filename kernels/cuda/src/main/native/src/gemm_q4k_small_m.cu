// Q4_K x bf16 GEMM for small M (1..kQ4KSmallM tokens), where the time is the weight stream. "Swap AB":
// out^T = W * X^T on mma.sync m16n8k16 (bf16 in, fp32 accumulate), the weights as the A operand (16 output
// channels per m16 tile), decoded from the GGUF blocks straight into A fragments in registers, the tokens as the n8
// dimension: X is the B operand, read from global memory (L2) into registers.
//
// One launch, no scratch: a block owns 16 * MT output channels over the whole of K. Its warps take interleaved
// super-blocks (warp w: w, w + warps, ...; neighbouring warps read neighbouring bytes of a row) and add their sums in
// shared memory at the end, in warp order, so the result does not depend on timing. Small M needs many loads in
// flight, not reuse: each lane holds the next super-block of weights (every part is reloaded right after its last
// use) and X four sub-blocks ahead.
//
// Lane (g, t) = (lane / 4, lane % 4) owns channels g + 8i (rows g, g+8 of each m16 tile) of its block's 16 * MT,
// and of every super-block bytes 8t..8t+7 of each 32-byte qs chunk c: the low nibbles are k = 64c + 8t + 0..7 of
// sub-block 2c, the high nibbles k = 64c + 32 + 8t + 0..7 of sub-block 2c+1. A product sums over k, so any
// permutation of k applied to both A and B is free: in mma step s (of two per sub-block) lane t feeds
// k = 8t + 4s + {0, 1, 2, 3} of the sub-block into fragment columns {2t, 2t+1, 2t+8, 2t+9}, and B's matching values
// are 8 contiguous bf16 of X (one 16-byte load covers both steps). Every mma step stays inside one 32-wide
// sub-block, so its scale factors out of the accumulator:
//   A holds the bf16 bits 0x4300 | q = 128 + q exactly (no int-to-float conversion),
//   acc_j = sum_k (128 + q_k) x_k in a fresh fp32 accumulator per sub-block j,
//   total += d*sc_j * acc_j - (dmin*m_j + 128*d*sc_j) * Sx_j,  Sx_j = sum of x over sub-block j,
// and Sx_j comes from the tensor cores too: the same B times an A of ones leaves it in C in the layout acc_j has.
// This equals the dequantize-then-multiply product up to fp32 summation order (the weights are never rounded to
// bf16), so it is not bit-identical to the generic kernel (gemm_mma.cuh with Q4KToBf16). Padding tokens (>= M)
// read token M - 1's X: a column of B only reaches the same column of C, and those are never stored.
#include <string>

#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "small_m_sums.cuh"
#include "weight_decoders.cuh"

namespace ht {
namespace {

constexpr int kMaxWarps = 8;
constexpr int kSubBlocks = 8;  // 32-wide sub-blocks per super-block
constexpr int kXAhead = 4;     // sub-blocks of X in flight per token tile, a ring
static_assert(kSubBlocks % kXAhead == 0, "the X ring must wrap at super-block boundaries");
static_assert(sizeof(ht_block_q4_K) % 16 == 0, "Q4_K blocks must keep 16-byte alignment along a row");

// A block's shape: MT m16 tiles of output channels, NT n8 tiles of tokens.
template <int MT, int NT>
struct SmallMTile {
    static constexpr int kChannels = 16 * MT;
    static constexpr int kTokens = 8 * NT;
};

// Where a lane reads: its channels' GGUF rows (clamped to row N - 1; valid says which are real, the others get
// zero scales and so add exactly 0) and its tokens' rows of X (clamped to token M - 1).
template <int MT, int NT>
struct LaneRows {
    const uint8_t *w[2 * MT];
    bool valid[2 * MT];
    const uint16_t *x[NT];
};

// One lane's share of a super-block in flight: per channel the 16-byte head (d, dmin, 12 scale bytes) and bytes
// 8t..8t+7 of each 32-byte qs chunk (the 4 lanes of a channel read 32 contiguous bytes); per token tile the 8 values
// of X of kXAhead sub-blocks.
template <int MT, int NT>
struct LaneData {
    uint4 head[2 * MT];
    uint2 qs[2 * MT][4];
    uint4 x[kXAhead][NT];
};

// Weights are read once: the non-coherent path without L1 allocation.
__device__ __forceinline__ uint4 load_stream_16(const void *pointer) {
    uint4 v;
    asm("ld.global.nc.L1::no_allocate.v4.u32 {%0, %1, %2, %3}, [%4];\n"
        : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
        : "l"(pointer));
    return v;
}

__device__ __forceinline__ uint2 load_stream_8(const void *pointer) {
    uint2 v;
    asm("ld.global.nc.L1::no_allocate.v2.u32 {%0, %1}, [%2];\n" : "=r"(v.x), "=r"(v.y) : "l"(pointer));
    return v;
}

template <int MT, int NT>
__device__ __forceinline__ void load_heads(const LaneRows<MT, NT> &rows, int kb, LaneData<MT, NT> &r) {
#pragma unroll
    for (int i = 0; i < 2 * MT; ++i) r.head[i] = load_stream_16(rows.w[i] + kb * sizeof(ht_block_q4_K));
}

template <int MT, int NT>
__device__ __forceinline__ void load_chunk(const LaneRows<MT, NT> &rows, int kb, int c, int t, LaneData<MT, NT> &r) {
#pragma unroll
    for (int i = 0; i < 2 * MT; ++i) r.qs[i][c] = load_stream_8(rows.w[i] + kb * sizeof(ht_block_q4_K) + 16 + 32 * c + 8 * t);
}

// x[token][k = 256 kb + 32 j + 8t .. + 7]. X is small and read by every block: the default caching path, from L2.
__device__ __forceinline__ uint4 load_x(const uint16_t *x_row, int kb, int j, int t) {
    return __ldg(reinterpret_cast<const uint4 *>(x_row + kb * HT_QK_K + 32 * j + 8 * t));
}

// Loads X sub-block j of super-block kb into its ring slot.
template <int MT, int NT>
__device__ __forceinline__ void load_x_ahead(const LaneRows<MT, NT> &rows, int kb, int j, int t, LaneData<MT, NT> &r) {
#pragma unroll
    for (int nt = 0; nt < NT; ++nt) r.x[j % kXAhead][nt] = load_x(rows.x[nt], kb, j, t);
}

// The 4 nibbles of word half s of a lane's 8 qs bytes, low (h = 0) or high (h = 1), one per byte.
__device__ __forceinline__ uint32_t nibbles(uint2 q, int s, int h) {
    const uint32_t w = s == 0 ? q.x : q.y;
    return (h == 0 ? w : w >> 4) & 0x0F0F0F0Fu;
}

// Adds super-block kb of the lane's channels times all tokens into total[m-tile][n-tile][c]. Each part of data is
// reloaded right after its last use: weights with super-block next_kb (when next_kb >= 0), X with the sub-block
// kXAhead further on.
template <int MT, int NT>
__device__ __forceinline__ void accumulate_super_block(const LaneRows<MT, NT> &rows, LaneData<MT, NT> &data, int kb,
                                                       int next_kb, int t, float (&total)[MT][NT][4]) {
    constexpr int kRows = 2 * MT;
    constexpr uint32_t kOnes[4] = {0x3F803F80u, 0x3F803F80u, 0x3F803F80u, 0x3F803F80u};  // bf16 1.0 pairs
    float d[kRows], dmin[kRows];
    Q4KScaleBytes scales[kRows];
#pragma unroll
    for (int i = 0; i < kRows; ++i) {
        d[i] = rows.valid[i] ? half_bits_to_float(data.head[i].x & 0xFFFFu) : 0.0f;
        dmin[i] = rows.valid[i] ? half_bits_to_float(data.head[i].x >> 16) : 0.0f;
        scales[i] = q4k_scale_bytes(data.head[i].y, data.head[i].z, data.head[i].w);
    }
    if (next_kb >= 0) load_heads(rows, next_kb, data);
#pragma unroll
    for (int j = 0; j < kSubBlocks; ++j) {
        const int c = j >> 1, h = j & 1;
        float d1[kRows], c1[kRows];  // d*sc_j and dmin*m_j + 128*d*sc_j per channel
#pragma unroll
        for (int i = 0; i < kRows; ++i) {
            d1[i] = d[i] * byte_as_float(j < 4 ? scales[i].scales_lo : scales[i].scales_hi, j & 3);
            c1[i] = fmaf(dmin[i], byte_as_float(j < 4 ? scales[i].mins_lo : scales[i].mins_hi, j & 3), 128.0f * d1[i]);
        }
        // A fragments [tile][step]: registers 0/2 are row g (lane row 2*tile), 1/3 row g+8 (row 2*tile + 1);
        // 0/1 take nibbles of bytes 4s, 4s+1 (columns 2t, 2t+1), 2/3 of bytes 4s+2, 4s+3 (columns 2t+8, 2t+9).
        uint32_t a[MT][2][4];
#pragma unroll
        for (int mt = 0; mt < MT; ++mt)
#pragma unroll
            for (int s = 0; s < 2; ++s) {
                const uint32_t row_g = nibbles(data.qs[2 * mt][c], s, h), row_g8 = nibbles(data.qs[2 * mt + 1][c], s, h);
                a[mt][s][0] = __byte_perm(row_g, 0x43u, 0x4140u);  // {0x43, nibble 1, 0x43, nibble 0}: 128 + q, bf16
                a[mt][s][1] = __byte_perm(row_g8, 0x43u, 0x4140u);
                a[mt][s][2] = __byte_perm(row_g, 0x43u, 0x4342u);
                a[mt][s][3] = __byte_perm(row_g8, 0x43u, 0x4342u);
            }
        uint4 xb[NT];  // B column g = token 8nt + g: x[8t + 0..3] for step 0, x[8t + 4..7] for step 1
#pragma unroll
        for (int nt = 0; nt < NT; ++nt) xb[nt] = data.x[j % kXAhead][nt];
        if (j + kXAhead < kSubBlocks)
            load_x_ahead(rows, kb, j + kXAhead, t, data);
        else if (next_kb >= 0)
            load_x_ahead(rows, next_kb, j + kXAhead - kSubBlocks, t, data);
#pragma unroll
        for (int nt = 0; nt < NT; ++nt) {
            float sx[4] = {0.0f, 0.0f, 0.0f, 0.0f};  // Sx_j of tokens 2t, 2t+1 in sx[0], sx[1] (rows are all alike)
            mma_bf16_16x8x16(sx, kOnes, xb[nt].x, xb[nt].y);
            mma_bf16_16x8x16(sx, kOnes, xb[nt].z, xb[nt].w);
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
                float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                mma_bf16_16x8x16(acc, a[mt][0], xb[nt].x, xb[nt].y);
                mma_bf16_16x8x16(acc, a[mt][1], xb[nt].z, xb[nt].w);
#pragma unroll
                for (int e = 0; e < 4; ++e) {  // C: e = 0, 1 row g; 2, 3 row g+8; even e token 2t, odd 2t+1
                    const int row = 2 * mt + (e >> 1);
                    total[mt][nt][e] = fmaf(-c1[row], sx[e & 1], fmaf(d1[row], acc[e], total[mt][nt][e]));
                }
            }
        }
        if (h == 1 && next_kb >= 0) load_chunk(rows, next_kb, c, t, data);
    }
}

template <int MT, int NT>
__global__ void __launch_bounds__(32 * kMaxWarps) gemm_q4k_small_m_kernel(const GemmParams p) {
    using Tile = SmallMTile<MT, NT>;
    __shared__ float sums[kMaxWarps][Tile::kTokens][Tile::kChannels];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int super_blocks = p.K / HT_QK_K;

    LaneRows<MT, NT> rows;
    const size_t row_bytes = static_cast<size_t>(super_blocks) * sizeof(ht_block_q4_K);
#pragma unroll
    for (int i = 0; i < 2 * MT; ++i) {
        const int n = blockIdx.x * Tile::kChannels + g + 8 * i;
        rows.valid[i] = n < p.N;
        rows.w[i] = static_cast<const uint8_t *>(p.b) + static_cast<size_t>(min(n, p.N - 1)) * row_bytes;
    }
#pragma unroll
    for (int nt = 0; nt < NT; ++nt)
        rows.x[nt] = static_cast<const uint16_t *>(p.a) + static_cast<size_t>(min(8 * nt + g, p.M - 1)) * p.K;

    float total[MT][NT][4];
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int e = 0; e < 4; ++e) total[mt][nt][e] = 0.0f;

    if (warp < super_blocks) {
        LaneData<MT, NT> data;
        load_heads(rows, warp, data);
#pragma unroll
        for (int c = 0; c < 4; ++c) load_chunk(rows, warp, c, t, data);
#pragma unroll
        for (int j = 0; j < kXAhead; ++j) load_x_ahead(rows, warp, j, t, data);
        for (int kb = warp; kb < super_blocks; kb += warps) {
            const int next_kb = kb + warps < super_blocks ? kb + warps : -1;
            accumulate_super_block(rows, data, kb, next_kb, t, total);
        }
    }

    add_warp_sums_and_store(sums, total, p.epilogue, p.out, blockIdx.x * Tile::kChannels, p.M, p.N);
}

// Warps per block: 8, or 4 where that splits the super-blocks evenly and 8 does not (K = 3072: 12 = 3 x 4), or one
// per super-block below 8.
int warps_for(int super_blocks) {
    if (super_blocks < kMaxWarps) return super_blocks;
    return super_blocks % kMaxWarps != 0 && super_blocks % 4 == 0 ? 4 : kMaxWarps;
}

template <int MT, int NT>
ht_status launch_small_m(const GemmParams &p, cudaStream_t stream) {
    const int blocks = (p.N + SmallMTile<MT, NT>::kChannels - 1) / SmallMTile<MT, NT>::kChannels;
    gemm_q4k_small_m_kernel<MT, NT><<<blocks, 32 * warps_for(p.K / HT_QK_K), 0, stream>>>(p);
    HT_CHECK_LAUNCH("gemm_q4k_small_m_kernel");
    return HT_OK;
}

}  // namespace

ht_status gemm_q4_K_bf16_small_m(const void *x, const void *blocks, const ht_epilogue &epilogue, int M, int N, int K,
                                 void *out, cudaStream_t stream) {
    const GemmParams p{x, nullptr, blocks, nullptr, epilogue, M, N, K, out, false, 0, nullptr};
    const int n_tiles = (M + 7) / 8;  // tokens padded to n8 tiles, then to a power of two of them
    // Channels per block, measured on an H200 (docs/benchmarks.md): 16 keeps enough blocks in flight at M <= 8 and
    // 17..32; at 9..16 tokens 32 channels share each X load and register budget better.
    if (n_tiles <= 1) return launch_small_m<1, 1>(p, stream);
    if (n_tiles <= 2) return launch_small_m<2, 2>(p, stream);
    if (n_tiles <= 4) return launch_small_m<1, 4>(p, stream);
    return fail(HT_ERR_INVALID_ARGUMENT, "gemm_q4_K_bf16_small_m: M = " + std::to_string(M) + " exceeds " +
                                             std::to_string(kQ4KSmallM));
}

}  // namespace ht
