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
// Work: a block owns one 64-channel group for 8 NT tokens and a slice of K. Each 16-channel quarter has NT / WT token
// warps (WT token tiles each) times KW k-warps, which take every KW-th 64-value pair of each super-block's sub-blocks,
// so a block has KW times more, shorter, warps to hide latency with (all walk the same super-blocks through a
// shared-memory ring). The k-warps' partial sums are added in k-warp order in shared memory; on sm_90 the K slices of a
// tile form a thread-block cluster whose sums are added through distributed shared memory in rank order, so the result
// does not depend on timing. Padding tokens (>= M) are zeros in the quantized buffer and are never stored.
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

constexpr int kMaxSplits = 8;  // the portable cluster size
constexpr int kTileChunks = kQ8KTileBytes / 16;

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

// A block: one 64-channel group for 8 NT tokens and a K slice, 4 quarters x NT / WT token warps x KW k-warps. Its
// super-blocks stream through a ring of kStages shared-memory slots filled by copies (below), all but one ahead of
// the one being multiplied; a slot holds everything a super-block needs: the group's packed unit (9216 bytes), then
// the NT activation units of the block's token tiles (q8k_activations.cuh), both copied as they lie in global memory.
// So neither the weights nor the activations are waited for in the main loop (with the activations loaded from global
// memory one stage ahead instead, 0.7-1.3x at 32 and 64 tokens). After the loop the ring holds the partial sums.
template <int NT, int WT, int KW>
struct Q8Block {
    static constexpr int kTokens = kQ8KTokenTile * NT;
    static constexpr int kTokenWarps = NT / WT;
    static constexpr int kThreads = 32 * 4 * kTokenWarps * KW;
    static constexpr int kPairs = 4 / KW;  // 64-value pairs of sub-blocks a warp takes of each super-block
    static constexpr int kX = kQ4KPackedUnitBytes;
    static constexpr int kSlotBytes = kX + NT * kQ8KTileBytes;
    // ring slots: two blocks an SM at 64 tokens take three (28 KB each), more at fewer tokens
    static constexpr int kStages = NT >= 8 ? 3 : 4;
    static constexpr int kRingBytes = kStages * kSlotBytes;
    // registers for as many threads an SM as with one k-warp
    static constexpr int kMinBlocks = std::max(1, (NT >= 4 ? 512 : 384) / kThreads);
    static_assert(KW == 1 || KW == 2, "one or two k-warps (four: slower at every point of the 59th and 60th runs)");
    static_assert(KW * kTokens * kQ4KPackedGroup * 4 <= kRingBytes, "the partial sums fit the ring");
};

__device__ __forceinline__ uint32_t next_slot(uint32_t slot, uint32_t ring, int slot_bytes, int ring_bytes) {
    slot += slot_bytes;
    return slot == ring + ring_bytes ? ring : slot;
}

// The ring's copies. On sm_90a thread 0 moves each unit with one bulk copy, counted in bytes on the slot's barrier, so
// a super-block is waited for alone; earlier GPUs copy with cp.async, every thread its share, one commit group per
// loop trip (the prologue's copies all in the first). Token tiles past the last are zero-filled by cp.async and left
// as they are by the bulk copy: their columns are never stored.
__device__ __forceinline__ void init_stage_barriers(uint32_t bars, int stages) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    if (threadIdx.x == 0) {
        for (int s = 0; s < stages; ++s) mbarrier_init(bars + 8 * s, 1);
        mbarrier_init_fence();
    }
#endif
    __syncthreads();
}

// The weights of a super-block; bytes: its weights and activations, which the barrier then waits for.
__device__ __forceinline__ void stage_weights(uint32_t slot, const uint8_t *unit, uint32_t bar, uint32_t bytes) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    if (threadIdx.x == 0) {
        fence_proxy_async_shared();  // the block's reads of the slot's last contents come before the copy's writes
        mbarrier_expect_tx(bar, bytes);
        bulk_copy_1d(slot, unit, kQ4KPackedUnitBytes, bar);
    }
#else
    for (int c = threadIdx.x; c < kQ4KPackedUnitBytes / 16; c += blockDim.x) cp_async_16(slot + 16 * c, unit + 16 * c, true);
#endif
}

// chunks 16-byte chunks of activation units from src, the valid_chunks first of them real.
__device__ __forceinline__ void stage_activations(uint32_t dst, const uint8_t *src, int chunks, int valid_chunks,
                                                  uint32_t bar) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    if (threadIdx.x == 0) bulk_copy_1d(dst, src, 16 * valid_chunks, bar);
#else
    for (int c = threadIdx.x; c < chunks; c += blockDim.x) {
        const bool valid = c < valid_chunks;
        cp_async_16(dst + 16 * c, src + (valid ? 16 * c : 0), valid);
    }
#endif
}

__device__ __forceinline__ void stage_commit() {
#if !defined(__CUDA_ARCH_FEAT_SM90_ALL)
    cp_async_commit();
#endif
}

// Super-block i's slot has landed: on sm_90a all of it; before, this thread's copies (the caller then syncs the block).
template <int STAGES>
__device__ __forceinline__ void stage_wait(uint32_t bars, int i) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    mbarrier_wait(bars + 8 * (i % STAGES), (i / STAGES) & 1);
#else
    cp_async_wait<STAGES - 2>();
#endif
}

__device__ __forceinline__ void stage_drain() {
#if !defined(__CUDA_ARCH_FEAT_SM90_ALL)
    cp_async_wait<0>();
#endif
}

template <int NT, int WT, int KW>
__global__ void __launch_bounds__(Q8Block<NT, WT, KW>::kThreads, Q8Block<NT, WT, KW>::kMinBlocks)
    gemm_q4k_packed_q8_kernel(const Q8KActivations act, const uint8_t *__restrict__ packed, const ht_epilogue ep, int M,
                              int N, int K, void *out) {
    using B = Q8Block<NT, WT, KW>;
    extern __shared__ __align__(16) uint8_t ring[];
    __shared__ __align__(8) uint64_t stage_barriers[4];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, quarter = warp & 3;
    const int tile0 = WT * ((warp >> 2) % B::kTokenWarps), kw = KW == 1 ? 0 : warp / (4 * B::kTokenWarps);
    const int g = lane >> 2, t = lane & 3;
    const int splits = split_count(), rank = split_rank();
    const int group = blockIdx.x / splits;
    const int super_blocks = K / HT_QK_K, per_split = super_blocks / splits, sb0 = rank * per_split;
    const int tiles = act.rows / kQ8KTokenTile, first_tile = NT * blockIdx.y;
    const int act_chunks = NT * kTileChunks, valid_act_chunks = min(NT, tiles - first_tile) * kTileChunks;
    const uint8_t *units = packed + (static_cast<size_t>(group) * super_blocks + sb0) * kQ4KPackedUnitBytes;
    const uint32_t slots = smem_address(ring), bars = smem_address(stage_barriers);
    const uint32_t stage_bytes = kQ4KPackedUnitBytes + 16 * valid_act_chunks;
    static_assert(B::kStages <= 4, "a barrier a slot");
    init_stage_barriers(bars, B::kStages);
    // The first kStages - 1 slots: the weights while the kernel before (the quantization) may still run, the
    // activations once it has finished (cp.async: one group for all, then empty ones so that group i is super-block
    // i's or later).
    const int first = min(B::kStages - 1, per_split);
    for (int i = 0; i < first; ++i)
        stage_weights(slots + i * B::kSlotBytes, units + static_cast<size_t>(i) * kQ4KPackedUnitBytes, bars + 8 * i,
                      stage_bytes);
    wait_for_previous_grids();
    for (int i = 0; i < first; ++i)
        stage_activations(slots + i * B::kSlotBytes + B::kX, q8k_unit(act, sb0 + i, first_tile), act_chunks,
                          valid_act_chunks, bars + 8 * i);
#pragma unroll
    for (int i = 0; i < B::kStages - 1; ++i) stage_commit();

    // This thread's places in a slot: its rows' heads, its 16 bytes of each chunk, its B fragments, sums and scales
    // (plus 512 per pair and kQ8KTileBytes per token tile).
    const int r0 = kQ4KPackedQuarterChannels * quarter + g;
    const uint32_t head_at = kQ4KPackedHeadBytes * r0;
    const uint32_t chunk_at = kQ4KPackedGroup * kQ4KPackedHeadBytes + 512 * quarter + 16 * lane;
    const uint32_t tile_at = B::kX + kQ8KTileBytes * tile0;
    const uint32_t x_at = tile_at + 64 * g + 16 * t, sums_at = tile_at + kQ8KSumsOffset + 32 * g + 8 * t;
    const uint32_t scales_at = tile_at + kQ8KScalesOffset + 8 * t;
    uint32_t slot = slots, fill = slots + (B::kStages - 1) * B::kSlotBytes;  // super-blocks i and i + kStages - 1

    float total[WT][4] = {};  // e: row g + 8 (e / 2), token 2t + e % 2 of tile tile0 + nt
    for (int i = 0; i < per_split; ++i) {
        stage_wait<B::kStages>(bars, i);
        __syncthreads();  // everyone's copies have landed, and everyone is done with the slot refilled below
        if (i + B::kStages - 1 < per_split) {
            const int next = i + B::kStages - 1;
            const uint32_t bar = bars + 8 * (next % B::kStages);
            stage_weights(fill, units + static_cast<size_t>(next) * kQ4KPackedUnitBytes, bar, stage_bytes);
            stage_activations(fill + B::kX, q8k_unit(act, sb0 + next, first_tile), act_chunks, valid_act_chunks, bar);
        }
        stage_commit();
        const Q4KHead heads[2] = {q4k_head(ld_shared_16(slot + head_at)),
                                  q4k_head(ld_shared_16(slot + head_at + 8 * kQ4KPackedHeadBytes))};
        int acc[WT][4] = {};
#pragma unroll
        for (int pi = 0; pi < B::kPairs; ++pi) {  // sub-blocks 2p, 2p + 1
            const int p = kw + KW * pi;
            const uint4 q = ld_shared_16(slot + chunk_at + p * kQ4KPackedChunkBytes);
            uint4 xb[WT];
#pragma unroll
            for (int nt = 0; nt < WT; ++nt) xb[nt] = ld_shared_16(slot + x_at + 512 * p + kQ8KTileBytes * nt);
            const uint32_t words[4] = {q.x, q.y, q.z, q.w};
            const uint32_t scales0 = p < 2 ? heads[0].sm.scales_lo : heads[0].sm.scales_hi;
            const uint32_t scales1 = p < 2 ? heads[1].sm.scales_lo : heads[1].sm.scales_hi;
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int j = 2 * (p & 1) + h;  // the sub-block's byte in its scales word
                const uint32_t a[4] = {words[2 * h] & 0x0F0F0F0Fu, (words[2 * h] >> 4) & 0x0F0F0F0Fu,
                                       words[2 * h + 1] & 0x0F0F0F0Fu, (words[2 * h + 1] >> 4) & 0x0F0F0F0Fu};
                const int sc0 = static_cast<int>(byte_of(scales0, j)), sc1 = static_cast<int>(byte_of(scales1, j));
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
#pragma unroll
        for (int nt = 0; nt < WT; ++nt) {
            if (kw == 0) {  // the mins, over all 8 sub-blocks, are the first k-warp's
                const uint32_t a_min[4] = {mins_pair(heads[0], t), mins_pair(heads[1], t), mins_pair(heads[0], t),
                                           mins_pair(heads[1], t)};
                uint32_t sums[2];
                asm volatile("ld.shared.v2.u32 {%0, %1}, [%2];\n"
                             : "=r"(sums[0]), "=r"(sums[1])
                             : "r"(slot + sums_at + kQ8KTileBytes * nt));
                float mins[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                mma_bf16_16x8x16(mins, a_min, sums[0], sums[1]);
#pragma unroll
                for (int e = 0; e < 4; ++e) total[nt][e] = fmaf(-heads[e >> 1].dmin, mins[e], total[nt][e]);
            }
            float dx[2];
            asm volatile("ld.shared.v2.f32 {%0, %1}, [%2];\n"
                         : "=f"(dx[0]), "=f"(dx[1])
                         : "r"(slot + scales_at + kQ8KTileBytes * nt));
#pragma unroll
            for (int e = 0; e < 4; ++e)
                total[nt][e] = fmaf(static_cast<float>(acc[nt][e]), heads[e >> 1].d * dx[e & 1], total[nt][e]);
        }
        slot = next_slot(slot, slots, B::kSlotBytes, B::kRingBytes);
        fill = next_slot(fill, slots, B::kSlotBytes, B::kRingBytes);
    }

    // The partial sums [KW][kTokens][64] over the ring, once no copy is in flight and every warp is done with it;
    // the k-warps' are added into the first in k-warp order.
    stage_drain();
    __syncthreads();
    float *partial = reinterpret_cast<float *>(ring);
    constexpr int kTileValues = B::kTokens * kQ4KPackedGroup;
#pragma unroll
    for (int nt = 0; nt < WT; ++nt)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            partial[kw * kTileValues + (kQ8KTokenTile * (tile0 + nt) + 2 * t + (e & 1)) * kQ4KPackedGroup + 16 * quarter +
                    g + 8 * (e >> 1)] = total[nt][e];
    if constexpr (KW > 1) {
        __syncthreads();
        for (int v = threadIdx.x; v < kTileValues; v += blockDim.x) {
            float sum = partial[v];
#pragma unroll
            for (int k = 1; k < KW; ++k) sum += partial[k * kTileValues + v];
            partial[v] = sum;
        }
    }
    split_sync();
    // Rank r finishes every splits-th pair of adjacent channels of one token, adding the ranks' partials in rank order.
    constexpr int kPairsOut = kTileValues / 2;
    for (int i = rank * blockDim.x + threadIdx.x; i < kPairsOut; i += splits * blockDim.x) {
        const int token = i / (kQ4KPackedGroup / 2), channel = 2 * (i % (kQ4KPackedGroup / 2));
        const int m = first_tile * kQ8KTokenTile + token, n = group * kQ4KPackedGroup + channel;
        if (m >= M) continue;
        float2 parts[kMaxSplits];
#pragma unroll
        for (int r = 0; r < kMaxSplits; ++r)
            if (r < splits) parts[r] = split_partial_pair(&partial[token * kQ4KPackedGroup + channel], r);
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

// The value of the environment variable name, read on every call (gpu_bench.py's comparisons): 0 when it is unset,
// -1 when it is not a positive whole number.
long forced_count(const char *name) {
    const char *text = std::getenv(name);
    if (text == nullptr) return 0;
    char *end = nullptr;
    const long value = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && value > 0 ? value : -1;
}

template <int NT, int WT, int KW>
ht_status k_splits(int tiles, int super_blocks, int &splits) {
    using B = Q8Block<NT, WT, KW>;
    const long forced = forced_count("HT_Q4K_Q8_SPLITS");
    if (forced != 0) {  // a split that cannot be taken is an error, so no comparison times the wrong one
        if (forced < 0 || forced > kMaxSplits || super_blocks % forced != 0)
            return fail(HT_ERR_INVALID_ARGUMENT, "ht_gemm_q4_K_packed_q8: HT_Q4K_Q8_SPLITS='" +
                                                     std::string(std::getenv("HT_Q4K_Q8_SPLITS")) + "' is not a divisor of the " +
                                                     std::to_string(super_blocks) + " super-blocks between 1 and " +
                                                     std::to_string(kMaxSplits));
        splits = static_cast<int>(forced);
        return HT_OK;
    }
    splits = 1;
    long best = -1;
    for (int d = 1; d <= kMaxSplits; ++d) {
        if (super_blocks % d != 0) continue;
        int clusters = 0;
        const ht_status status =
            max_active_clusters<gemm_q4k_packed_q8_kernel<NT, WT, KW>>(d, B::kThreads, B::kRingBytes, clusters);
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

// The kernel's shared memory opted in to (once) and its K split.
template <int NT, int WT, int KW>
ht_status plan_splits(int tiles, int super_blocks, bool hopper, int &splits) {
    static const cudaError_t opted_in = cudaFuncSetAttribute(
        gemm_q4k_packed_q8_kernel<NT, WT, KW>, cudaFuncAttributeMaxDynamicSharedMemorySize, Q8Block<NT, WT, KW>::kRingBytes);
    HT_TRY_CUDA(opted_in);
    splits = 1;
    return hopper ? k_splits<NT, WT, KW>(tiles, super_blocks, splits) : HT_OK;
}

template <int NT, int WT, int KW>
ht_status launch_gemm(const Q8KActivations &act, const void *packed, const ht_epilogue &ep, int M, int N, int K,
                      void *out, bool hopper, int splits, cudaStream_t stream) {
    using B = Q8Block<NT, WT, KW>;
    cudaLaunchAttribute attributes[2] = {};
    attributes[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attributes[0].val.programmaticStreamSerializationAllowed = 1;
    attributes[1].id = cudaLaunchAttributeClusterDimension;
    attributes[1].val.clusterDim.x = splits;
    attributes[1].val.clusterDim.y = 1;
    attributes[1].val.clusterDim.z = 1;
    cudaLaunchConfig_t config = {};
    config.gridDim = dim3(N / kQ4KPackedGroup * splits, (act.rows / kQ8KTokenTile + NT - 1) / NT);
    config.blockDim = dim3(B::kThreads);
    config.dynamicSmemBytes = B::kRingBytes;
    config.stream = stream;
    config.attrs = attributes;
    config.numAttrs = hopper ? 2 : 0;
    HT_TRY_CUDA(cudaLaunchKernelEx(&config, gemm_q4k_packed_q8_kernel<NT, WT, KW>, act,
                                   static_cast<const uint8_t *>(packed), ep, M, N, K, out));
    return HT_OK;
}

// Two k-warps where one-k-warp blocks would number fewer than the SMs (an SM then has a single block's warps to hide
// latency with), else one: on an H100 (sixtieth run) the faster of the two at all 21 small-M points measured (two
// k-warps 1.13 / 0.87x against 0.97 / 0.71x at 4096 x 4096 and 32 / 64 tokens, 128 blocks; 8-32% slower where the
// grid had 192 blocks or more). HT_Q4K_Q8_K_WARPS=1 or 2, read on every call, forces the count (gpu_bench.py's
// comparisons).
template <int NT, int WT>
ht_status launch_with_k_warps(const Q8KActivations &act, const void *packed, const ht_epilogue &ep, int M, int N,
                              int K, void *out, bool hopper, cudaStream_t stream) {
    const long forced = forced_count("HT_Q4K_Q8_K_WARPS");
    if (forced != 0 && forced != 1 && forced != 2)
        return fail(HT_ERR_INVALID_ARGUMENT, "ht_gemm_q4_K_packed_q8: HT_Q4K_Q8_K_WARPS='" +
                                                 std::string(std::getenv("HT_Q4K_Q8_K_WARPS")) + "' is not 1 or 2");
    const int tiles = N / kQ4KPackedGroup * ((act.rows / kQ8KTokenTile + NT - 1) / NT);
    int splits = 1, sms = 0;
    ht_status status = plan_splits<NT, WT, 1>(tiles, K / HT_QK_K, hopper, splits);
    if (status == HT_OK) status = current_multiprocessors(sms);
    if (status != HT_OK) return status;
    if (forced == 1 || (forced == 0 && static_cast<long>(tiles) * splits >= sms))
        return launch_gemm<NT, WT, 1>(act, packed, ep, M, N, K, out, hopper, splits, stream);
    status = plan_splits<NT, WT, 2>(tiles, K / HT_QK_K, hopper, splits);
    if (status != HT_OK) return status;
    return launch_gemm<NT, WT, 2>(act, packed, ep, M, N, K, out, hopper, splits, stream);
}

}  // namespace

ht_status gemm_q4_K_packed_q8(const uint16_t *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                              void *out, void *scratch, cudaStream_t stream) {
    const Q8KActivations act = q8k_view(scratch, M);
    ht_status status = quantize_q8k(x, M, K, act, stream);
    if (status != HT_OK) return status;
    int major = 0, minor = 0;
    status = current_compute_capability(major, minor);
    if (status != HT_OK) return status;
    const bool hopper = major >= 9;
    const int tiles = act.rows / kQ8KTokenTile;
    // Token warps: one per quarter up to 16 tokens, two from 32 (H100, fifty-sixth run: 1.13-1.39x at 32 tokens
    // against 1.06-1.16x with one; at 64 tokens 0.63-0.93x against 0.57-0.82x, four 0.56-0.82x).
    if (tiles == 1) return launch_with_k_warps<1, 1>(act, packed, epilogue, M, N, K, out, hopper, stream);
    if (tiles == 2) return launch_with_k_warps<2, 2>(act, packed, epilogue, M, N, K, out, hopper, stream);
    // eight-tile blocks (64 tokens) only where they were measured: sm_90
    if (tiles <= 4 || !hopper) return launch_with_k_warps<4, 2>(act, packed, epilogue, M, N, K, out, hopper, stream);
    return launch_with_k_warps<8, 4>(act, packed, epilogue, M, N, K, out, hopper, stream);
}

}  // namespace ht
