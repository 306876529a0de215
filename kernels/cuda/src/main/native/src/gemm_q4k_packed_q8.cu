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
// Work: a block owns one 64-channel group for 8 NT tokens and a slice of K, with NT / WT warps on each 16-channel
// quarter (WT token tiles each; all warps walk the same super-blocks through a shared-memory ring); on sm_90 the K
// slices of a tile form a thread-block cluster whose partial sums are added through distributed shared memory in rank
// order, so the result does not depend on timing. Padding tokens (>= M) are zeros in the quantized buffer and are
// never stored.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "cluster_occupancy.cuh"
#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "mma_primitives.cuh"
#include "q4k_packed_layout.cuh"
#include "q8k_activations.cuh"
#include "sm90_async.cuh"

namespace ht {
namespace {

constexpr int kMaxSplits = 8;         // the portable cluster size
constexpr int kThreadsPerTile = 128;  // a warp per 16-channel quarter of the group, for WT token tiles

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
__device__ __forceinline__ float2 split_partial_pair(const float *mine, int rank) {
#if __CUDA_ARCH__ >= 900
    return ld_shared_cluster_f32x2(smem_address(mine), rank);
#else
    return *reinterpret_cast<const float2 *>(mine);
#endif
}

// m_j and m_j+1 (j = 2t) of one row as a bf16 pair: the min product's A register.
__device__ __forceinline__ uint32_t mins_pair(const Q4KHead &h, int t) {
    const uint32_t word = t < 2 ? h.sm.mins_lo : h.sm.mins_hi;
    return pack_bf16x2(byte_as_float(word, 2 * (t & 1)), byte_as_float(word, 2 * (t & 1) + 1));
}

// A block is one 64-channel group for 8 NT tokens and a K slice. Its super-blocks stream through a
// ring of Q8Slot::kStages shared-memory slots filled by cp.async, all but one ahead of the one being multiplied; a slot holds
// everything a super-block needs: the group's packed unit (9216 bytes), and for the block's tokens their int8 values
// (stage s, token, lane t: 16 bytes, so a warp's B loads of one tile are one contiguous 512-byte run), sums and scales.
// So neither the weights nor the activations are waited for in the main loop (with the activations loaded from
// global memory one stage ahead instead, 0.7-1.3x at 32 and 64 tokens).
template <int NT>
struct Q8Slot {
    static constexpr int kTokens = kQ8KTokenTile * NT;
    static constexpr int kX = kQ4KPackedUnitBytes;                // int8 values [4 stages][kTokens][4 t][16]
    static constexpr int kSums = kX + kTokens * HT_QK_K;          // bf16 sums [kTokens][16]
    static constexpr int kScales = kSums + kTokens * 32;           // fp32 scales [kTokens]
    static constexpr int kBytes = kScales + (kTokens * 4 + 15) / 16 * 16;
    // ring slots: two blocks an SM at 64 tokens take three (28 KB each), more at fewer tokens
    static constexpr int kStages = NT >= 8 ? 3 : 4;
};

// The copies of super-block sb into slot: the group's unit, and (copy_activations) per token (rows past the buffer
// zero-filled) its 16 int8 chunks, 2 sum chunks and the scales.
__device__ __forceinline__ void copy_unit(uint32_t slot, const uint8_t *unit) {
    for (int c = threadIdx.x; c < kQ4KPackedUnitBytes / 16; c += blockDim.x) cp_async_16(slot + 16 * c, unit + 16 * c, true);
}

template <int NT>
__device__ __forceinline__ void copy_activations(uint32_t slot, const Q8KActivations &act, int sb, int K, int token0) {
    using S = Q8Slot<NT>;
    const int super_blocks = K / HT_QK_K;
    for (int c = threadIdx.x; c < S::kTokens * 18; c += blockDim.x) {
        const int token = c / 18, chunk = c % 18, row = token0 + token;
        const bool valid = row < act.rows;
        const int src_row = valid ? row : 0;
        if (chunk < 16) {  // chunk = 4 stage + t
            cp_async_16(slot + S::kX + ((chunk / 4) * S::kTokens + token) * 64 + 16 * (chunk % 4),
                        act.xq + static_cast<size_t>(src_row) * K + static_cast<size_t>(sb) * HT_QK_K + 16 * chunk, valid);
        } else {
            cp_async_16(slot + S::kSums + 32 * token + 16 * (chunk - 16),
                        act.xsum + (static_cast<size_t>(src_row) * super_blocks + sb) * 16 + 8 * (chunk - 16), valid);
        }
    }
    for (int c = threadIdx.x; c < S::kTokens / 4; c += blockDim.x)  // rows is a multiple of 8: whole chunks or none
        cp_async_16(slot + S::kScales + 16 * c, act.dx + static_cast<size_t>(sb) * act.rows + token0 + 4 * c,
                    token0 + 4 * c < act.rows);
}

template <int NT, int WT>
__global__ void __launch_bounds__(kThreadsPerTile * NT / WT, NT >= 4 ? 2 : 3)
    gemm_q4k_packed_q8_kernel(const Q8KActivations act, const uint8_t *__restrict__ packed, const ht_epilogue ep, int M,
                              int N, int K, void *out) {
    using S = Q8Slot<NT>;
    extern __shared__ __align__(16) uint8_t ring[];
    __shared__ float partial[S::kTokens][kQ4KPackedGroup];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, quarter = warp & 3, tile0 = WT * (warp >> 2);
    const int g = lane >> 2, t = lane & 3;
    const int splits = split_count(), rank = split_rank();
    const int group = blockIdx.x / splits;
    const int super_blocks = K / HT_QK_K, per_split = super_blocks / splits, sb0 = rank * per_split;
    const int token0 = S::kTokens * blockIdx.y;
    const uint8_t *units = packed + (static_cast<size_t>(group) * super_blocks + sb0) * kQ4KPackedUnitBytes;
    const uint32_t slots = smem_address(ring);
    // The first S::kStages - 1 slots: the weights while the kernel before (the quantization) may still run, the
    // activations once it has finished; one group for all, then empty ones so that group i is super-block i's or later.
    const int first = min(S::kStages - 1, per_split);
    for (int i = 0; i < first; ++i) copy_unit(slots + i * S::kBytes, units + static_cast<size_t>(i) * kQ4KPackedUnitBytes);
    wait_for_previous_grids();
    for (int i = 0; i < first; ++i) copy_activations<NT>(slots + i * S::kBytes, act, sb0 + i, K, token0);
#pragma unroll
    for (int i = 0; i < S::kStages - 1; ++i) cp_async_commit();

    float total[WT][4] = {};  // e: row g + 8 (e / 2), token 2t + e % 2 of tile tile0 + nt
    for (int i = 0; i < per_split; ++i) {
        cp_async_wait<S::kStages - 2>();  // this thread's copies of super-block i have landed
        __syncthreads();               // everyone's, and everyone is done with the slot refilled below
        if (i + S::kStages - 1 < per_split) {
            const uint32_t next = slots + ((i + S::kStages - 1) % S::kStages) * S::kBytes;
            copy_unit(next, units + static_cast<size_t>(i + S::kStages - 1) * kQ4KPackedUnitBytes);
            copy_activations<NT>(next, act, sb0 + i + S::kStages - 1, K, token0);
        }
        cp_async_commit();
        const uint32_t slot = slots + (i % S::kStages) * S::kBytes;
        const uint32_t chunks = slot + kQ4KPackedGroup * kQ4KPackedHeadBytes + 512 * quarter + 16 * lane;
        const int r0 = kQ4KPackedQuarterChannels * quarter + g;
        const Q4KHead heads[2] = {q4k_head(ld_shared_16(slot + kQ4KPackedHeadBytes * r0)),
                                  q4k_head(ld_shared_16(slot + kQ4KPackedHeadBytes * (r0 + 8)))};
        int acc[WT][4] = {};
#pragma unroll
        for (int s = 0; s < 4; ++s) {  // sub-blocks 2s, 2s + 1
            const uint4 q = ld_shared_16(chunks + s * kQ4KPackedChunkBytes);
            uint4 xb[WT];
#pragma unroll
            for (int nt = 0; nt < WT; ++nt)
                xb[nt] = ld_shared_16(slot + S::kX + ((s * S::kTokens + kQ8KTokenTile * (tile0 + nt) + g) * 4 + t) * 16);
            const uint32_t words[4] = {q.x, q.y, q.z, q.w};
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int j = 2 * s + h;
                const uint32_t a[4] = {words[2 * h] & 0x0F0F0F0Fu, (words[2 * h] >> 4) & 0x0F0F0F0Fu,
                                       words[2 * h + 1] & 0x0F0F0F0Fu, (words[2 * h + 1] >> 4) & 0x0F0F0F0Fu};
                const int sc0 = static_cast<int>(byte_of(j < 4 ? heads[0].sm.scales_lo : heads[0].sm.scales_hi, j & 3));
                const int sc1 = static_cast<int>(byte_of(j < 4 ? heads[1].sm.scales_lo : heads[1].sm.scales_hi, j & 3));
#pragma unroll
                for (int nt = 0; nt < WT; ++nt) {
                    int dot[4] = {0, 0, 0, 0};
                    mma_s8_16x8x32(dot, a, (&xb[nt].x)[2 * h], (&xb[nt].x)[2 * h + 1]);
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
        for (int nt = 0; nt < WT; ++nt) {
            const int token = kQ8KTokenTile * (tile0 + nt);
            uint32_t sums[2];
            asm volatile("ld.shared.v2.u32 {%0, %1}, [%2];\n"
                         : "=r"(sums[0]), "=r"(sums[1])
                         : "r"(slot + S::kSums + 32 * (token + g) + 8 * t));
            float mins[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            mma_bf16_16x8x16(mins, a_min, sums[0], sums[1]);
            float dx[2];
            asm volatile("ld.shared.v2.f32 {%0, %1}, [%2];\n" : "=f"(dx[0]), "=f"(dx[1]) : "r"(slot + S::kScales + 4 * (token + 2 * t)));
#pragma unroll
            for (int e = 0; e < 4; ++e) {
                const Q4KHead &hr = heads[e >> 1];
                total[nt][e] = fmaf(static_cast<float>(acc[nt][e]), hr.d * dx[e & 1], fmaf(-hr.dmin, mins[e], total[nt][e]));
            }
        }
    }

#pragma unroll
    for (int nt = 0; nt < WT; ++nt)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            partial[kQ8KTokenTile * (tile0 + nt) + 2 * t + (e & 1)][16 * quarter + g + 8 * (e >> 1)] = total[nt][e];
    split_sync();
    // Rank r finishes every splits-th pair of adjacent channels of one token, adding the ranks' partials in rank order.
    constexpr int kPairs = S::kTokens * kQ4KPackedGroup / 2;
    for (int i = rank * blockDim.x + threadIdx.x; i < kPairs; i += splits * blockDim.x) {
        const int token = i / (kQ4KPackedGroup / 2), channel = 2 * (i % (kQ4KPackedGroup / 2));
        const int m = token0 + token, n = group * kQ4KPackedGroup + channel;
        if (m >= M) continue;
        float2 parts[kMaxSplits];
#pragma unroll
        for (int r = 0; r < kMaxSplits; ++r)
            if (r < splits) parts[r] = split_partial_pair(&partial[token][channel], r);
        float v0 = 0.0f, v1 = 0.0f;
#pragma unroll
        for (int r = 0; r < kMaxSplits; ++r)
            if (r < splits) {
                v0 += parts[r].x;
                v1 += parts[r].y;
            }
        store_pair(ep, out, false, v0, v1, m, n, N);
    }
    if (splits > 1) split_sync();  // no block leaves while another reads its shared memory
}

// The K split (the cluster size): the divisor d of the super-blocks, at most kMaxSplits, with the least
//   waves(d) x (super-blocks a block + kBlockOverhead),  waves(d) = ceil(tiles / clusters of d the GPU holds at once)
// (cluster_occupancy.cuh), the smaller d on ties. kBlockOverhead, a block's fixed cost (filling the ring, the cluster
// sum) in super-blocks' worth, fits the fifty-seventh run's forced splits on an H100: at 1 to 64 tokens and the three
// small-M shapes it picks the fastest of the six splits or one within 8% of it, except at 64 tokens of
// 3072 x 12288 (13%: there the two-wave split is faster than this model says). HT_Q4K_Q8_SPLITS, read on every call,
// forces a divisor (gpu_bench.py's comparisons; anything else fails the call). One on devices without clusters.
constexpr int kBlockOverhead = 2;

template <int NT, int WT>
ht_status k_splits(int tiles, int super_blocks, int &splits) {
    constexpr int kThreads = kThreadsPerTile * NT / WT;
    constexpr size_t kShared = Q8Slot<NT>::kStages * Q8Slot<NT>::kBytes;
    const char *forced = std::getenv("HT_Q4K_Q8_SPLITS");
    if (forced != nullptr) {  // a split that cannot be taken is an error, so no comparison times the wrong one
        char *end = nullptr;
        const long d = std::strtol(forced, &end, 10);
        if (end == forced || *end != '\0' || d < 1 || d > kMaxSplits || super_blocks % d != 0)
            return fail(HT_ERR_INVALID_ARGUMENT, "ht_gemm_q4_K_packed_q8: HT_Q4K_Q8_SPLITS='" + std::string(forced) +
                                                     "' is not a divisor of the " + std::to_string(super_blocks) +
                                                     " super-blocks between 1 and " + std::to_string(kMaxSplits));
        splits = static_cast<int>(d);
        return HT_OK;
    }
    splits = 1;
    long best = -1;
    for (int d = 1; d <= kMaxSplits; ++d) {
        if (super_blocks % d != 0) continue;
        int clusters = 0;
        const ht_status status = max_active_clusters<gemm_q4k_packed_q8_kernel<NT, WT>>(d, kThreads, kShared, clusters);
        if (status != HT_OK) return status;
        if (clusters < 1) continue;  // a cluster of d such blocks does not fit a GPC
        const long cost = static_cast<long>((tiles + clusters - 1) / clusters) * (super_blocks / d + kBlockOverhead);
        if (best < 0 || cost < best) {
            best = cost;
            splits = d;
        }
    }
    return HT_OK;
}

template <int NT, int WT>
ht_status launch_gemm(const Q8KActivations &act, const void *packed, const ht_epilogue &ep, int M, int N, int K,
                      void *out, cudaStream_t stream) {
    int major = 0, minor = 0;
    ht_status status = current_compute_capability(major, minor);
    if (status != HT_OK) return status;
    const int groups = N / kQ4KPackedGroup;
    const int token_tiles = (act.rows / kQ8KTokenTile + NT - 1) / NT;
    const bool hopper = major >= 9;
    static const cudaError_t opted_in = cudaFuncSetAttribute(
        gemm_q4k_packed_q8_kernel<NT, WT>, cudaFuncAttributeMaxDynamicSharedMemorySize, Q8Slot<NT>::kStages * Q8Slot<NT>::kBytes);
    HT_TRY_CUDA(opted_in);
    int splits = 1;
    if (hopper) {
        status = k_splits<NT, WT>(groups * token_tiles, K / HT_QK_K, splits);
        if (status != HT_OK) return status;
    }
    cudaLaunchAttribute attributes[2] = {};
    attributes[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attributes[0].val.programmaticStreamSerializationAllowed = 1;
    attributes[1].id = cudaLaunchAttributeClusterDimension;
    attributes[1].val.clusterDim.x = splits;
    attributes[1].val.clusterDim.y = 1;
    attributes[1].val.clusterDim.z = 1;
    cudaLaunchConfig_t config = {};
    config.gridDim = dim3(groups * splits, token_tiles);
    config.blockDim = dim3(kThreadsPerTile * NT / WT);
    config.dynamicSmemBytes = Q8Slot<NT>::kStages * Q8Slot<NT>::kBytes;
    config.stream = stream;
    config.attrs = attributes;
    config.numAttrs = hopper ? 2 : 0;
    HT_TRY_CUDA(cudaLaunchKernelEx(&config, gemm_q4k_packed_q8_kernel<NT, WT>, act, static_cast<const uint8_t *>(packed),
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
    // Warps: one per quarter up to 16 tokens, two from 32 (H100, fifty-sixth run: 1.13-1.39x at 32 tokens against
    // 1.06-1.16x with one; at 64 tokens 0.63-0.93x against 0.57-0.82x, four 0.56-0.82x)
    if (tiles == 1) return launch_gemm<1, 1>(act, packed, epilogue, M, N, K, out, stream);
    if (tiles == 2) return launch_gemm<2, 2>(act, packed, epilogue, M, N, K, out, stream);
    int major = 0, minor = 0;
    const ht_status capability = current_compute_capability(major, minor);
    if (capability != HT_OK) return capability;
    // 64 tokens in one block need 100 KB of shared memory: more than a block may have before sm_90 (99 KB)
    if (tiles <= 4 || major < 9) return launch_gemm<4, 2>(act, packed, epilogue, M, N, K, out, stream);
    return launch_gemm<8, 4>(act, packed, epilogue, M, N, K, out, stream);
}

}  // namespace ht
