// Q4_K (packed, q4k_packed_layout.cuh) x int8 activations for 1 to 64 tokens, as ggml's Q4_K x Q8_K dot product: the
// activations are first quantized per token and 256-value super-block (q8k_activations.cuh), then
//   out[m][n] = sum over super-blocks of  d * dx[m] * sum_j sc_j * (q . xq)_j  -  dmin * sum_j m_j * s_j[m],
// with (q . xq)_j the int32 dot product of sub-block j's nibbles and int8 activations and s_j the sum of its bf16
// activations. Where the bf16-operand kernels (gemm_q4k_packed_small_m.cu) spend an fp32 fold and a second
// tensor-core product (the sums of x) on every 32-wide sub-block, here the nibbles go to int8 mma.sync m16n8k32 after
// one mask each (the packed words' low nibbles are one row's A bytes, the high nibbles the row 8 below), the sub-block
// scales are one integer multiply-add per accumulator, and all that is left per super-block is one fp32 fold and one
// bf16 m16n8k16 for the mins: A = m_j (exact in bf16) twice, B = hi_j then lo_j, so m_j * s_j keeps 16 bits of s_j.
//
// Exactness: the integer part is exact (|sum_j sc_j (q . xq)_j| <= 8 * 63 * 15 * 127 * 32 < 2^25); it is converted to
// fp32 once per super-block. Compared with the float64 product of the dequantized int8 activations and the fp32
// weights this differs by fp32 rounding and the lo_j truncation (about 2^-17 of s_j); compared with bf16 x it carries
// the int8 rounding of x (at most amax / 254 per value), which is what separates it from the bf16-operand kernels.
//
// Work: a block owns G 64-channel groups (one 16-channel quarter per warp, all warps walking the same super-blocks so
// the activations they share come from L1) for 8 NT tokens and a slice of K; on sm_90 the K slices of a tile form a
// thread-block cluster whose partial sums are added through distributed shared memory in rank order, so the result
// does not depend on timing. Padding tokens (>= M) are zeros in the quantized buffer and are never stored.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "q4k_packed_layout.cuh"
#include "q8k_activations.cuh"
#include "sm90_async.cuh"

namespace ht {
namespace {

constexpr int kMaxSplits = 8;  // the portable cluster size
constexpr int kStages = 4;     // super-blocks in a warp's ring

__device__ __forceinline__ int split_rank() {
#if __CUDA_ARCH__ >= 900
    return cluster_rank();
#else
    return 0;
#endif
}
__device__ __forceinline__ int split_count() {
#if __CUDA_ARCH__ >= 900
    return cluster_size();
#else
    return 1;
#endif
}
__device__ __forceinline__ void split_sync() {
#if __CUDA_ARCH__ >= 900
    cluster_sync();
#else
    __syncthreads();
#endif
}
__device__ __forceinline__ float split_partial(const float *mine, int rank) {
#if __CUDA_ARCH__ >= 900
    return ld_shared_cluster_f32(smem_address(mine), rank);
#else
    return *mine;
#endif
}

// m_j and m_j+1 (j = 2t) of one row as a bf16 pair: the min product's A register.
__device__ __forceinline__ uint32_t mins_pair(const Q4KHead &h, int t) {
    const uint32_t word = t < 2 ? h.sm.mins_lo : h.sm.mins_hi;
    return pack_bf16x2(byte_as_float(word, 2 * (t & 1)), byte_as_float(word, 2 * (t & 1) + 1));
}

// The copies of one warp's share of a super-block (Q4KPackedQuarter's bytes) into its shared-memory slot: the 4 stage
// chunks' 512 bytes (16 a lane) and the quarter's 16 heads (lanes 0..15).
constexpr int kSlotBytes = 4 * 512 + kQ4KPackedQuarterChannels * kQ4KPackedHeadBytes;

__device__ __forceinline__ void copy_quarter(uint32_t slot, const uint8_t *unit, int quarter, int lane) {
#pragma unroll
    for (int s = 0; s < 4; ++s)
        cp_async_16(slot + 512 * s + 16 * lane,
                    unit + kQ4KPackedGroup * kQ4KPackedHeadBytes + s * kQ4KPackedChunkBytes + 512 * quarter + 16 * lane, true);
    if (lane < kQ4KPackedQuarterChannels)
        cp_async_16(slot + 2048 + 16 * lane, unit + kQ4KPackedHeadBytes * (kQ4KPackedQuarterChannels * quarter + lane), true);
}

__device__ __forceinline__ Q4KPackedQuarter read_quarter(uint32_t slot, int lane) {
    Q4KPackedQuarter d;
#pragma unroll
    for (int s = 0; s < 4; ++s) d.q[s] = ld_shared_16(slot + 512 * s + 16 * lane);
    d.head[0] = ld_shared_16(slot + 2048 + 16 * (lane / 4));
    d.head[1] = ld_shared_16(slot + 2048 + 16 * (lane / 4 + 8));
    return d;
}

// A block is one 64-channel group (a warp a quarter) for 8 NT tokens and a K slice; each warp streams its quarter of
// the slice's super-blocks through a ring of kStages shared-memory slots with cp.async, which keeps kStages - 1
// super-blocks in flight without holding them in registers. The warps walk the same super-blocks, so the
// activations they share come from L1.
template <int NT>
__global__ void __launch_bounds__(128, NT == 4 ? 2 : 4)
    gemm_q4k_packed_q8_kernel(const Q8KActivations act, const uint8_t *__restrict__ packed, const ht_epilogue ep, int M,
                              int N, int K, void *out) {
    __shared__ __align__(16) uint8_t ring[4][kStages][kSlotBytes];
    __shared__ float partial[kQ8KTokenTile * NT][kQ4KPackedGroup];
    const int lane = threadIdx.x & 31, quarter = threadIdx.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int splits = split_count(), rank = split_rank();
    const int group = blockIdx.x / splits;
    const int super_blocks = K / HT_QK_K, per_split = super_blocks / splits, sb0 = rank * per_split;
    const int token0 = kQ8KTokenTile * NT * blockIdx.y;
    size_t x_row[NT], sum_row[NT];
    int dx_token[NT];  // first of the lane's two accumulator columns
#pragma unroll
    for (int nt = 0; nt < NT; ++nt) {
        const int row = min(token0 + kQ8KTokenTile * nt + g, act.rows - 1);  // tiles past the buffer: never stored
        x_row[nt] = static_cast<size_t>(row) * K + 16 * t;
        sum_row[nt] = static_cast<size_t>(row) * super_blocks * 16 + 4 * t;
        dx_token[nt] = min(token0 + kQ8KTokenTile * nt, act.rows - kQ8KTokenTile) + 2 * t;
    }
    const uint8_t *units = packed + (static_cast<size_t>(group) * super_blocks + sb0) * kQ4KPackedUnitBytes;
    const uint32_t slots = smem_address(ring[quarter]);
#pragma unroll
    for (int i = 0; i < kStages - 1; ++i) {
        if (i < per_split) copy_quarter(slots + i * kSlotBytes, units + static_cast<size_t>(i) * kQ4KPackedUnitBytes, quarter, lane);
        cp_async_commit();
    }
    wait_for_previous_grids();  // the quantized activations come from the kernel before

    // X of sub-blocks 2s, 2s + 1 of super-block sb for every token tile: one 16-byte load per tile
    const auto load_x = [&](int sb, int s, uint4 (&xb)[NT]) {
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
            xb[nt] = __ldg(reinterpret_cast<const uint4 *>(act.xq + x_row[nt] + static_cast<size_t>(sb) * HT_QK_K + 64 * s));
    };
    float total[NT][4] = {};  // e: row g + 8 (e / 2), token 2t + e % 2 of tile nt
    uint4 xb[2][NT];
    load_x(sb0, 0, xb[0]);
    for (int i = 0; i < per_split; ++i) {
        const int sb = sb0 + i;
        if (i + kStages - 1 < per_split)
            copy_quarter(slots + ((i + kStages - 1) % kStages) * kSlotBytes,
                         units + static_cast<size_t>(i + kStages - 1) * kQ4KPackedUnitBytes, quarter, lane);
        cp_async_commit();
        cp_async_wait<kStages - 1>();  // this lane's copies of super-block i have landed
        __syncwarp();                   // and every lane's
        const Q4KPackedQuarter cur = read_quarter(slots + (i % kStages) * kSlotBytes, lane);
        __syncwarp();  // the slot is free for the next iteration's copies
        const Q4KHead heads[2] = {q4k_head(cur.head[0]), q4k_head(cur.head[1])};
        int acc[NT][4] = {};
#pragma unroll
        for (int s = 0; s < 4; ++s) {  // sub-blocks 2s, 2s + 1
            if (s < 3) {
                load_x(sb, s + 1, xb[(s + 1) % 2]);
            } else if (i + 1 < per_split) {
                load_x(sb + 1, 0, xb[0]);
            }
            const uint32_t words[4] = {cur.q[s].x, cur.q[s].y, cur.q[s].z, cur.q[s].w};
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int j = 2 * s + h;
                const uint32_t a[4] = {words[2 * h] & 0x0F0F0F0Fu, (words[2 * h] >> 4) & 0x0F0F0F0Fu,
                                       words[2 * h + 1] & 0x0F0F0F0Fu, (words[2 * h + 1] >> 4) & 0x0F0F0F0Fu};
                const int sc0 = static_cast<int>(byte_of(j < 4 ? heads[0].sm.scales_lo : heads[0].sm.scales_hi, j & 3));
                const int sc1 = static_cast<int>(byte_of(j < 4 ? heads[1].sm.scales_lo : heads[1].sm.scales_hi, j & 3));
#pragma unroll
                for (int nt = 0; nt < NT; ++nt) {
                    int dot[4] = {0, 0, 0, 0};
                    mma_s8_16x8x32(dot, a, (&xb[s % 2][nt].x)[2 * h], (&xb[s % 2][nt].x)[2 * h + 1]);
                    acc[nt][0] += sc0 * dot[0];
                    acc[nt][1] += sc0 * dot[1];
                    acc[nt][2] += sc1 * dot[2];
                    acc[nt][3] += sc1 * dot[3];
                }
            }
        }
        const uint32_t a_min[4] = {mins_pair(heads[0], t), mins_pair(heads[1], t), mins_pair(heads[0], t),
                                   mins_pair(heads[1], t)};
#pragma unroll
        for (int nt = 0; nt < NT; ++nt) {
            const uint2 sums = __ldg(reinterpret_cast<const uint2 *>(act.xsum + sum_row[nt] + static_cast<size_t>(sb) * 16));
            float mins[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            mma_bf16_16x8x16(mins, a_min, sums.x, sums.y);
            const float2 dx = __ldg(reinterpret_cast<const float2 *>(act.dx + static_cast<size_t>(sb) * act.rows + dx_token[nt]));
#pragma unroll
            for (int e = 0; e < 4; ++e) {
                const Q4KHead &hr = heads[e >> 1];
                total[nt][e] = fmaf(static_cast<float>(acc[nt][e]), hr.d * ((e & 1) ? dx.y : dx.x),
                                    fmaf(-hr.dmin, mins[e], total[nt][e]));
            }
        }
    }

#pragma unroll
    for (int nt = 0; nt < NT; ++nt)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            partial[kQ8KTokenTile * nt + 2 * t + (e & 1)][16 * quarter + g + 8 * (e >> 1)] = total[nt][e];
    split_sync();
    // Rank r finishes every splits-th pair of adjacent channels of one token, adding the ranks' partials in rank order.
    constexpr int kPairs = kQ8KTokenTile * NT * kQ4KPackedGroup / 2;
    for (int i = rank * blockDim.x + threadIdx.x; i < kPairs; i += splits * blockDim.x) {
        const int token = i / (kQ4KPackedGroup / 2), channel = 2 * (i % (kQ4KPackedGroup / 2));
        const int m = token0 + token, n = group * kQ4KPackedGroup + channel;
        if (m >= M) continue;
        float v0 = 0.0f, v1 = 0.0f;
        for (int r = 0; r < splits; ++r) {
            v0 += split_partial(&partial[token][channel], r);
            v1 += split_partial(&partial[token][channel + 1], r);
        }
        store_pair(ep, out, false, v0, v1, m, n, N);
    }
    if (splits > 1) split_sync();  // no block leaves while another reads its shared memory
}

// The K split: the smallest divisor of the super-blocks (at most kMaxSplits, and leaving each block at least
// min_per_split of them where K allows) that gives every SM two blocks, else the largest such; one on devices
// without clusters.
int splits_for(int tiles, int super_blocks, int multiprocessors, bool clusters) {
    if (!clusters) return 1;
    const char *env = std::getenv("HT_Q4K_Q8_MIN_SB");
    const int min_per_split = env != nullptr ? std::max(1, std::atoi(env)) : 4;
    const int most = std::max(1, std::min(kMaxSplits, super_blocks / min_per_split));
    int splits = 1;
    for (int d = 1; d <= most; ++d) {
        if (super_blocks % d != 0) continue;
        splits = d;
        if (tiles * d >= 2 * multiprocessors) break;
    }
    return splits;
}

template <int NT>
ht_status launch_gemm(const Q8KActivations &act, const void *packed, const ht_epilogue &ep, int M, int N, int K,
                      void *out, cudaStream_t stream) {
    int major = 0, minor = 0, multiprocessors = 0;
    ht_status status = current_compute_capability(major, minor);
    if (status == HT_OK) status = current_multiprocessors(multiprocessors);
    if (status != HT_OK) return status;
    const int groups = N / kQ4KPackedGroup;
    const int token_tiles = (act.rows / kQ8KTokenTile + NT - 1) / NT;
    const bool hopper = major >= 9;
    const int splits = splits_for(groups * token_tiles, K / HT_QK_K, multiprocessors, hopper);
    cudaLaunchAttribute attributes[2] = {};
    attributes[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attributes[0].val.programmaticStreamSerializationAllowed = 1;
    attributes[1].id = cudaLaunchAttributeClusterDimension;
    attributes[1].val.clusterDim.x = splits;
    attributes[1].val.clusterDim.y = 1;
    attributes[1].val.clusterDim.z = 1;
    cudaLaunchConfig_t config = {};
    config.gridDim = dim3(groups * splits, token_tiles);
    config.blockDim = dim3(128);
    config.stream = stream;
    config.attrs = attributes;
    config.numAttrs = hopper ? 2 : 0;
    HT_TRY_CUDA(cudaLaunchKernelEx(&config, gemm_q4k_packed_q8_kernel<NT>, act, static_cast<const uint8_t *>(packed),
                                   ep, M, N, K, out));
    return HT_OK;
}

}  // namespace

ht_status gemm_q4_K_packed_q8(const uint16_t *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                              void *out, void *scratch, cudaStream_t stream) {
    const Q8KActivations act = q8k_view(scratch, M, K);
    const ht_status status = quantize_q8k(x, M, K, act, stream);
    if (status != HT_OK) return status;
    const int tiles = act.rows / kQ8KTokenTile;
    if (tiles == 1) return launch_gemm<1>(act, packed, epilogue, M, N, K, out, stream);
    if (tiles == 2) return launch_gemm<2>(act, packed, epilogue, M, N, K, out, stream);
    return launch_gemm<4>(act, packed, epilogue, M, N, K, out, stream);
}

}  // namespace ht
