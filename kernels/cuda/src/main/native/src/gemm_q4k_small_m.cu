// Q4_K x bf16 GEMM for small M (1..kQ4KSmallM = 32 tokens), where the time is the weight stream. "Swap AB":
// out^T = W * X^T on mma.sync m16n8k16 (bf16 in, fp32 accumulate), the weights as the A operand (16 output
// channels per m16 tile), decoded from the GGUF blocks straight into A fragments in registers (no shared memory for
// weights), the tokens as the n8 dimension: X is the B operand, staged once per block in shared memory.
//
// Lane (g, t) = (lane / 4, lane % 4) owns channels g, g+8 (m16 tile 0) and g+16, g+24 (tile 1) of its warp's 32,
// and of every super-block bytes 8t..8t+7 of each 32-byte qs chunk c: the low nibbles are k = 64c + 8t + 0..7 of
// sub-block 2c, the high nibbles k = 64c + 32 + 8t + 0..7 of sub-block 2c+1. A product sums over k, so any
// permutation of k applied to both A and B is free: in mma step s (of two per sub-block) lane t feeds
// k = 8t + 4s + {0, 1, 2, 3} of the sub-block into fragment columns {2t, 2t+1, 2t+8, 2t+9}, and B's matching values
// are 8 contiguous bytes of X (one 16-byte shared load covers both steps). Every mma step stays inside one
// 32-wide sub-block, so its scale factors out of the accumulator:
//   A holds the bf16 bits 0x4300 | q = 128 + q exactly (no int-to-float conversion),
//   acc_j = sum_k (128 + q_k) x_k in a fresh fp32 accumulator per sub-block j,
//   total += d*sc_j * acc_j - (dmin*m_j + 128*d*sc_j) * Sx_j,  Sx_j = sum of x over sub-block j (fp32, staged).
// This equals the dequantize-then-multiply product up to fp32 summation order (the weights are never rounded to
// bf16), so it is not bit-identical to the generic kernel (gemm_mma.cuh with Q4KToBf16).
//
// Blocks of 4 warps cover 128 channels and a range of super-blocks; K is split over gridDim.z (split_k.cuh) so
// about two blocks per SM are in flight, with the range capped so the staged X stays within 64 KB (fits the
// RTX 3090). Each lane reloads every part of its raw bytes with the next super-block as soon as that part is used
// (up to 4.6 KB in flight per warp), so the weight stream stays about one super-block ahead of the tensor cores.
#include <algorithm>
#include <string>

#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "split_k.cuh"

namespace ht {
namespace {

constexpr int kWarps = 4;
constexpr int kThreads = 32 * kWarps;
constexpr int kRowsPerLane = 4;  // channels g + 8i, i = 0..3: rows g, g+8 of m16 tiles 0 and 1
constexpr int kChannelsPerWarp = 8 * kRowsPerLane;
constexpr int kChannelsPerBlock = kWarps * kChannelsPerWarp;
constexpr int kSubBlocks = 8;                      // 32-wide sub-blocks per super-block
constexpr int kXUnitsPerSuperBlock = HT_QK_K / 8;  // 16-byte units (8 bf16) of one token's super-block
constexpr int kXBytesPerSuperBlock = HT_QK_K * 2;
constexpr int kXBudgetBytes = 64 * 1024;
static_assert(kXBytesPerSuperBlock % 128 == 0, "X rows must be whole 128-byte lines for the swizzle");
static_assert(sizeof(ht_block_q4_K) % 16 == 0, "Q4_K blocks must keep 16-byte alignment along a row");

// One lane's share of one super-block for each of its 4 channels: the 16-byte head (d, dmin, 12 scale bytes)
// and bytes 8t..8t+7 of each 32-byte qs chunk c (the 4 lanes of a channel read 32 contiguous bytes).
struct LaneSuperBlock {
    uint4 head[kRowsPerLane];
    uint2 qs[kRowsPerLane][4];
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

// Start of channel n's super-block kb, or null past N: those channels read nothing and get zero heads
// (d = dmin = 0), so they add exactly 0.
__device__ __forceinline__ const uint8_t *q4k_block(const GemmParams &p, int n, int kb) {
    if (n >= p.N) return nullptr;
    const size_t row_bytes = static_cast<size_t>(p.K / HT_QK_K) * sizeof(ht_block_q4_K);
    return static_cast<const uint8_t *>(p.b) + static_cast<size_t>(n) * row_bytes +
           static_cast<size_t>(kb) * sizeof(ht_block_q4_K);
}

__device__ __forceinline__ void load_heads(const GemmParams &p, int channel0, int kb, LaneSuperBlock &r) {
#pragma unroll
    for (int i = 0; i < kRowsPerLane; ++i) {
        const uint8_t *block = q4k_block(p, channel0 + 8 * i, kb);
        r.head[i] = block != nullptr ? load_stream_16(block) : make_uint4(0u, 0u, 0u, 0u);
    }
}

__device__ __forceinline__ void load_chunk(const GemmParams &p, int channel0, int kb, int c, int t, LaneSuperBlock &r) {
#pragma unroll
    for (int i = 0; i < kRowsPerLane; ++i) {
        const uint8_t *block = q4k_block(p, channel0 + 8 * i, kb);
        r.qs[i][c] = block != nullptr ? load_stream_8(block + 16 + 32 * c + 8 * t) : make_uint2(0u, 0u);
    }
}

// Shared-memory byte offset of 16-byte unit u of token r's staged X row. Flipping bit 2 of the unit on odd tokens
// puts tokens 2i and 2i+1 (which one 8-lane phase of a 16-byte B load reads, 4 units each) on different banks.
__device__ __forceinline__ int x_offset(int r, int u, int x_row_bytes) {
    return r * x_row_bytes + ((u ^ ((r & 1) << 2)) << 4);
}

// Stages x[0..M)[this split's K range] into shared memory (tokens >= M as zeros) and writes the fp32 sum of each
// token's 32 values of every sub-block to sums[sub-block][token]. Thread i takes unit i % units_per_row of token
// i / units_per_row, so 4 consecutive lanes hold one sub-block of one token and 2 shuffles add it up.
template <int kTokens>
__device__ __forceinline__ void stage_activations(const GemmParams &p, int kb0, int blocks_here, int x_row_bytes,
                                                  uint8_t *xs, float *sums) {
    const int units_per_row = blocks_here * kXUnitsPerSuperBlock;
    const int units = kTokens * units_per_row;  // a multiple of kThreads, so every batch below is block-uniform
    const uint16_t *x = static_cast<const uint16_t *>(p.a) + static_cast<size_t>(kb0) * HT_QK_K;
    constexpr int kBatch = 8;  // global loads in flight per thread
    for (int base = 0; base < units; base += kBatch * kThreads) {
        uint4 v[kBatch];
#pragma unroll
        for (int j = 0; j < kBatch; ++j) {
            const int i = base + j * kThreads + threadIdx.x;
            const int r = i / units_per_row, u = i % units_per_row;
            v[j] = i < units && r < p.M
                       ? __ldg(reinterpret_cast<const uint4 *>(x + static_cast<size_t>(r) * p.K) + u)
                       : make_uint4(0u, 0u, 0u, 0u);
        }
#pragma unroll
        for (int j = 0; j < kBatch; ++j) {
            const int i = base + j * kThreads + threadIdx.x;
            if (i < units) {
                const int r = i / units_per_row, u = i % units_per_row;
                *reinterpret_cast<uint4 *>(xs + x_offset(r, u, x_row_bytes)) = v[j];
                const uint32_t words[4] = {v[j].x, v[j].y, v[j].z, v[j].w};
                float s = 0.0f;
#pragma unroll
                for (int w = 0; w < 4; ++w) s += __uint_as_float(words[w] << 16) + __uint_as_float(words[w] & 0xFFFF0000u);
                s += __shfl_xor_sync(0xFFFFFFFFu, s, 1);
                s += __shfl_xor_sync(0xFFFFFFFFu, s, 2);
                if ((u & 3) == 0) sums[(u >> 2) * kTokens + r] = s;
            }
        }
    }
}

// The 4 nibbles of word half s of a lane's 8 qs bytes, low (h = 0) or high (h = 1), one per byte.
__device__ __forceinline__ uint32_t nibbles(uint2 q, int s, int h) {
    const uint32_t w = s == 0 ? q.x : q.y;
    return (h == 0 ? w : w >> 4) & 0x0F0F0F0Fu;
}

// Adds super-block b (local to the split) of the lane's 4 channels times all tokens into total[tile][n-tile][c].
// Each part of raw is reloaded with super-block next_kb (when next_kb >= 0) right after its last use, so the
// registers hold one super-block and the loads run about one super-block ahead of the tensor cores.
template <int NT>
__device__ __forceinline__ void accumulate_super_block(const GemmParams &p, LaneSuperBlock &raw, int channel0,
                                                       int next_kb, const uint8_t *xs, int x_row_bytes,
                                                       const float *sums, int b, int g, int t,
                                                       float (&total)[2][NT][4]) {
    constexpr int kTokens = 8 * NT;
    float d[kRowsPerLane], dmin[kRowsPerLane];
    Q4KScaleBytes scales[kRowsPerLane];
#pragma unroll
    for (int i = 0; i < kRowsPerLane; ++i) {
        d[i] = half_bits_to_float(raw.head[i].x & 0xFFFFu);
        dmin[i] = half_bits_to_float(raw.head[i].x >> 16);
        scales[i] = q4k_scale_bytes(raw.head[i].y, raw.head[i].z, raw.head[i].w);
    }
    if (next_kb >= 0) load_heads(p, channel0, next_kb, raw);
#pragma unroll
    for (int j = 0; j < kSubBlocks; ++j) {
        const int c = j >> 1, h = j & 1;
        float d1[kRowsPerLane], c1[kRowsPerLane];  // d*sc_j and dmin*m_j + 128*d*sc_j per channel
#pragma unroll
        for (int i = 0; i < kRowsPerLane; ++i) {
            d1[i] = d[i] * byte_as_float(j < 4 ? scales[i].scales_lo : scales[i].scales_hi, j & 3);
            c1[i] = fmaf(dmin[i], byte_as_float(j < 4 ? scales[i].mins_lo : scales[i].mins_hi, j & 3), 128.0f * d1[i]);
        }
        // A fragments [tile][step]: registers 0/2 are row g (channel row 2*tile), 1/3 row g+8 (row 2*tile + 1);
        // 0/1 take nibbles of bytes 4s, 4s+1 (columns 2t, 2t+1), 2/3 of bytes 4s+2, 4s+3 (columns 2t+8, 2t+9).
        uint32_t a[2][2][4];
#pragma unroll
        for (int mt = 0; mt < 2; ++mt)
#pragma unroll
            for (int s = 0; s < 2; ++s) {
                const uint32_t row_g = nibbles(raw.qs[2 * mt][c], s, h), row_g8 = nibbles(raw.qs[2 * mt + 1][c], s, h);
                a[mt][s][0] = __byte_perm(row_g, 0x43u, 0x4140u);  // {0x43, nibble 1, 0x43, nibble 0}: 128 + q, bf16
                a[mt][s][1] = __byte_perm(row_g8, 0x43u, 0x4140u);
                a[mt][s][2] = __byte_perm(row_g, 0x43u, 0x4342u);
                a[mt][s][3] = __byte_perm(row_g8, 0x43u, 0x4342u);
            }
        const int unit = b * kXUnitsPerSuperBlock + 8 * c + 4 * h + t;  // x[k = 8t .. 8t+7 of sub-block j]
        const float *sub_sums = sums + (b * kSubBlocks + j) * kTokens + 2 * t;
#pragma unroll
        for (int nt = 0; nt < NT; ++nt) {
            const int r = nt * 8 + g;  // B column g = token r
            const uint4 xb = *reinterpret_cast<const uint4 *>(xs + x_offset(r, unit, x_row_bytes));
            const float2 sx = *reinterpret_cast<const float2 *>(sub_sums + nt * 8);  // tokens 2t, 2t+1 (C columns)
#pragma unroll
            for (int mt = 0; mt < 2; ++mt) {
                float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                mma_bf16_16x8x16(acc, a[mt][0], xb.x, xb.y);  // step 0: x[8t + 0..3]
                mma_bf16_16x8x16(acc, a[mt][1], xb.z, xb.w);  // step 1: x[8t + 4..7]
#pragma unroll
                for (int e = 0; e < 4; ++e) {  // C: e = 0, 1 row g; 2, 3 row g+8; even e token 2t, odd 2t+1
                    const int row = 2 * mt + (e >> 1);
                    total[mt][nt][e] = fmaf(-c1[row], (e & 1) ? sx.y : sx.x, fmaf(d1[row], acc[e], total[mt][nt][e]));
                }
            }
        }
        if (h == 1 && next_kb >= 0) load_chunk(p, channel0, next_kb, c, t, raw);
    }
}

template <int NT>
__global__ void __launch_bounds__(kThreads) gemm_q4k_small_m_kernel(const GemmParams p) {
    constexpr int kTokens = 8 * NT;
    extern __shared__ __align__(128) uint8_t smem[];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int channel0 = blockIdx.x * kChannelsPerBlock + warp * kChannelsPerWarp + g;  // row i: channel0 + 8i
    const int kb0 = blockIdx.z * p.tiles_per_split;                                      // first super-block
    const int blocks_here = min(p.K / HT_QK_K - kb0, p.tiles_per_split);
    const int x_row_bytes = p.tiles_per_split * kXBytesPerSuperBlock;
    float *sums = reinterpret_cast<float *>(smem + kTokens * x_row_bytes);  // [tiles_per_split * 8][kTokens]

    LaneSuperBlock raw;  // in flight while X is staged
    load_heads(p, channel0, kb0, raw);
#pragma unroll
    for (int c = 0; c < 4; ++c) load_chunk(p, channel0, kb0, c, t, raw);
    stage_activations<kTokens>(p, kb0, blocks_here, x_row_bytes, smem, sums);
    __syncthreads();

    float total[2][NT][4];
#pragma unroll
    for (int mt = 0; mt < 2; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int e = 0; e < 4; ++e) total[mt][nt][e] = 0.0f;

    for (int b = 0; b < blocks_here; ++b) {
        const int next_kb = b + 1 < blocks_here ? kb0 + b + 1 : -1;
        accumulate_super_block<NT>(p, raw, channel0, next_kb, smem, x_row_bytes, sums, b, g, t, total);
    }

    // A lane holds two tokens of one channel; swapping one value with lane ^ 4 (channel g ^ 1) leaves it two
    // adjacent channels of one token, the pair emit_pair writes.
    const bool odd_g = (g & 1) != 0;
#pragma unroll
    for (int mt = 0; mt < 2; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int half = 0; half < 2; ++half) {
                const float v0 = total[mt][nt][2 * half], v1 = total[mt][nt][2 * half + 1];  // tokens 2t, 2t + 1
                const float other = __shfl_xor_sync(0xFFFFFFFFu, odd_g ? v0 : v1, 4);
                const int n = channel0 + 16 * mt + 8 * half - (odd_g ? 1 : 0);  // even channel of the pair
                const int m = nt * 8 + 2 * t + (odd_g ? 1 : 0);
                if (m < p.M && n < p.N) emit_pair(p, odd_g ? other : v0, odd_g ? v1 : other, m, n);
            }
}

template <int NT>
ht_status launch_small_m(GemmParams p, cudaStream_t stream) {
    constexpr int kTokens = 8 * NT;
    const int super_blocks = p.K / HT_QK_K;
    const int blocks_n = (p.N + kChannelsPerBlock - 1) / kChannelsPerBlock;
    int device = 0, multiprocessors = 0;
    HT_TRY_CUDA(cudaGetDevice(&device));
    HT_TRY_CUDA(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device));
    const int splits_wanted = std::max(1, (2 * multiprocessors + blocks_n - 1) / blocks_n);
    const int max_per_split = std::max(1, kXBudgetBytes / (kTokens * kXBytesPerSuperBlock));
    p.tiles_per_split = std::min(max_per_split, (super_blocks + splits_wanted - 1) / splits_wanted);
    const int splits = (super_blocks + p.tiles_per_split - 1) / p.tiles_per_split;
    const int smem = kTokens * p.tiles_per_split * (kXBytesPerSuperBlock + kSubBlocks * static_cast<int>(sizeof(float)));
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_q4k_small_m_kernel<NT>, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
    return launch_split_k<float>(p, splits, stream, "gemm_q4k_small_m_kernel", [&](const GemmParams &q) {
        gemm_q4k_small_m_kernel<NT><<<dim3(blocks_n, 1, splits), kThreads, smem, stream>>>(q);
    });
}

}  // namespace

ht_status gemm_q4_K_bf16_small_m(const void *x, const void *blocks, const ht_epilogue &epilogue, int M, int N, int K,
                                 void *out, cudaStream_t stream) {
    const GemmParams p{x, nullptr, blocks, nullptr, epilogue, M, N, K, out, false, 0, nullptr};
    const int n_tiles = (M + 7) / 8;  // tokens padded to n8 tiles, then to a power of two of them
    if (n_tiles <= 1) return launch_small_m<1>(p, stream);
    if (n_tiles <= 2) return launch_small_m<2>(p, stream);
    if (n_tiles <= 4) return launch_small_m<4>(p, stream);
    return fail(HT_ERR_INVALID_ARGUMENT, "gemm_q4_K_bf16_small_m: M = " + std::to_string(M) + " exceeds " +
                                             std::to_string(kQ4KSmallM));
}

}  // namespace ht
