// Q4_K x bf16 for Hopper (sm_90a) on wgmma with the weights as the register operand (Machete's arrangement): the
// product is computed transposed, D[channel][token] = sum_k W[channel][k] X[token][k], so the weights are wgmma's A,
// which may come from registers, and the activations its B, from shared memory. Each consumer thread decodes its own
// A fragments straight from 16 packed bytes per stage (q4k_packed_layout.cuh) in registers: no decoded tile goes
// through shared memory, and one decoded fragment feeds every token of the tile. The decoded-in-shared-memory kernel
// (gemm_q4k_wgmma_sm90.cu) is bound by its producer's decode (docs/gpu.md); here the decode is spread over the
// consumers, about 25 instructions per 8 weights.
//
// One 128-channel x BT-token output tile per block (BT = 256 above M = 64, else 32 or 64 tokens), in grouped order
// (tile_order.cuh); K advances 64 per stage.
//   producer (warpgroup 0, one thread): per stage, the bulk tensor copy of the BT x 64 activation tile (128-byte
//     swizzle; tokens past M read as zeros) and, for each of the block's two channel groups, a bulk copy of the
//     stage's nibble chunk (2 KB), plus the super-block's 64 heads (1 KB) with its first stage.
//   consumers (warpgroups 1-2, 64 channels each): decode each stage's fragments into a register buffer while the
//     stages before it may still run their wgmma m64nBTk16, then the fused epilogue, transposed back. Staging the
//     output tile in shared memory for a bulk tensor store measured no faster: the block then waits for the store to
//     read shared memory before it exits. At BT = 256 on an H200 the tensor pipe is busy about 60% of the time; the
//     decode and the epilogue account for most of the rest (docs/benchmarks.md, "third run").
// Small M (17 to 64 tokens, kQ4KPackedSplitKAboveM): a few dozen tiles are all there is, so a cluster of S blocks
// splits each tile's K (S divides the super-blocks, at most 8, the smallest that gives every SM a block among those
// whose clusters all fit at once) and two blocks share an SM. The S partial tiles are added through distributed
// shared memory in rank order, each rank adding and storing the channels of some of the eight consumer warps, so the
// result does not depend on timing. The producer warpgroup's idle warps 1-3 turn each super-block's heads into its
// sub-blocks' affine maps in shared memory, so the consumers, bound by the decode here, read them instead of computing
// them (PackedTile, publish_affine_maps). Measured on an H200 (docs/benchmarks.md, thirteenth and fifteenth runs): at
// M = 32 and 64 this is 1.3-4.5x faster than the packed mma.sync kernel and the 256-token one; at M <= 16 (8- and
// 16-token tiles) it was 1.0-2.2x slower than the mma.sync kernel (the decode, about 25 instructions for every 8
// weights, then serves too few tokens), so M <= 16 stays there.
//
// Numerics: the same bf16 weights as the other Q4_K kernels that round to bf16 (q4k_affine, rounded once, round to
// nearest even); products accumulate in fp32 in the tensor cores' order, split-K partial sums in rank order.
#include <algorithm>
#include <string>

#include "cluster_occupancy.cuh"
#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "halftone/blocks.h"
#include "mma_primitives.cuh"
#include "q4k_packed_layout.cuh"
#include "sm90_async.cuh"
#include "tensor_map.cuh"
#include "tile_order.cuh"
#include "weight_decoders.cuh"
#include "wgmma_ops.cuh"

namespace ht {
namespace {

template <int BT>
struct PackedTile {
    static constexpr int kConsumers = 2, kBN = kQ4KPackedGroup * kConsumers, kBT = BT, kBK = 64;
    static constexpr int kThreads = 128 * (kConsumers + 1);
    // Small tiles: two blocks an SM, so the registers (launch bounds: 80 a thread) are rebalanced to 32 for the
    // producer (whose warps 1-3 compute the affine maps below) and 104 for the consumers; one block an SM for
    // BT = 256 (168 a thread, then 40 and 232).
    static constexpr bool kSplitK = BT < 256;  // small M: K split over a cluster (see the top of the file)
    static constexpr int kBlocksPerSm = kSplitK ? 2 : 1;
    static constexpr int kProducerRegisters = kSplitK ? 32 : 40, kConsumerRegisters = kSplitK ? 104 : 232;
    static constexpr int kLaunchRegisters = 65536 / (kThreads * kBlocksPerSm) / 8 * 8;  // what ptxas gives a thread
    static_assert(128 * kProducerRegisters + 256 * kConsumerRegisters <= kThreads * kLaunchRegisters,
                  "setmaxnreg must stay within the block's registers");
    static constexpr int kXBytes = kBT * kBK * 2;  // the activation tile: BT rows of 128 bytes
    static constexpr int kStageBytes = kXBytes + kConsumers * kQ4KPackedChunkBytes;
    // The heads change every 4 stages: a ring of two super-blocks' heads outside the stages keeps them from taking
    // a sixth of every stage (6 stages fit instead of 5 at BT = 256).
    static constexpr int kHeadsBytes = kConsumers * kQ4KPackedGroup * kQ4KPackedHeadBytes, kHeadSlots = 2;
    // Small tiles: the decode is the consumers' bound, so the producer warpgroup's idle warps turn each super-block's
    // heads into its sub-blocks' affine maps (q4k_affine: scale128 and offset for 128 rows x 8 sub-blocks) in a ring
    // of four slots, each with an mbarrier. Slot s % 4 is rewritten for super-block s + 4 once its first stage has
    // landed, which needs stage 4s + 16 - kStages released: the consumers are past super-block s by then. On an
    // H200 this made M = 32 7-12% faster and M = 64 0-3% (docs/benchmarks.md, eighteenth run), although ptxas
    // reports (C7515) that it then serializes these instances' wgmma.
    static constexpr bool kAffineInSmem = kSplitK;
    static constexpr int kAffineSlots = 4, kAffineBytes = kConsumers * kQ4KPackedGroup * 8 * 8;
    static constexpr int kFixedBytes = kHeadSlots * kHeadsBytes + (kAffineInSmem ? kAffineSlots * (kAffineBytes + 8) : 0) +
                                       1024 /* alignment slack */ + 2 * 8 * 8 /* barriers */;
    // 227 KB for one block an SM; two share 228 KB less 1 KB each that the driver reserves.
    static constexpr int kSmemBudget = kBlocksPerSm == 1 ? 227 * 1024 : 113 * 1024;
    // At most 8 stages: the heads slot of stage kt is next written with stage kt + 8 (see the producer).
    static constexpr int kStages = std::min(8, (kSmemBudget - kFixedBytes) / kStageBytes);
    static constexpr int kSmemBytes = kStages * kStageBytes + kFixedBytes;
    // Fragment buffers per consumer thread: a stage decodes while the ones before it may still be multiplying
    // (at BT = 256 two measured the same as three; small tiles keep two for the register budget).
    static constexpr int kFragBuffers = BT == 256 ? 3 : 2;
    static_assert(kStageBytes % 1024 == 0, "each stage's activation tile must stay 1024-byte aligned (128-byte swizzle)");
    static_assert(kStages >= kFragBuffers + 2, "shared memory must hold the fragment buffers' stages and two more");
    // Stage 4s + 4 kAffineSlots - kStages is released from stage 4s + 4 kAffineSlots - kStages + kFragBuffers - 1 on,
    // which must lie past super-block s's four stages.
    static_assert(!kAffineInSmem || 4 * kAffineSlots - kStages + kFragBuffers - 1 >= 4,
                  "an affine slot must outlive its super-block");
    static_assert(HT_QK_K == 4 * kBK, "a stage is a quarter of a Q4_K super-block");
    static_assert(!kSplitK || kStages * kStageBytes >= kConsumers * 4 * (kBT / 2) * 32 * 4,
                  "the ring must hold the split-K partial tile (8 warps x BT / 2 values x 32 lanes)");
};

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
// Adds the partial tiles of a split-K cluster and stores the sums: warp w (0..7 over both consumers) of the block
// with rank w % splits adds that warp's accumulators from every rank, rank 0 first, and stores its channels.
// partial is the ring, free once both consumers' products are complete; acc the calling consumer's accumulators.
template <int BT>
__device__ __forceinline__ void reduce_split_k_and_store(float (&acc)[BT / 2], uint32_t partial, int consumer,
                                                         int groups, const ht_epilogue &epilogue, void *out,
                                                         int channel_base, int t0, int M, int N) {
    constexpr int R = BT / 2;
    const int rank = cluster_rank(), splits = cluster_size();
    const int warp = 4 * consumer + (threadIdx.x % 128) / 32, lane = threadIdx.x % 32;
    const uint32_t mine = partial + static_cast<uint32_t>(warp * R * 32 + lane) * 4;
    asm volatile("bar.sync 1, 256;\n" ::: "memory");  // both consumers' wgmma have read the ring
#pragma unroll
    for (int i = 0; i < R; ++i) asm volatile("st.shared.f32 [%0], %1;\n" ::"r"(mine + 128 * i), "f"(acc[i]) : "memory");
    cluster_sync();
    if (warp % splits == rank) {
#pragma unroll
        for (int i = 0; i < R; ++i) acc[i] = ld_shared_cluster_f32(mine + 128 * i, 0);
        for (int r = 1; r < splits; ++r)
#pragma unroll
            for (int i = 0; i < R; ++i) acc[i] += ld_shared_cluster_f32(mine + 128 * i, r);
        if (consumer < groups) store_m64_tile_transposed(acc, epilogue, out, channel_base, t0, M, N);
    }
    cluster_sync();  // no block leaves while another reads its shared memory
}
#endif

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
// One affine map (scale128, offset) from shared memory.
__device__ __forceinline__ Q4KAffine ld_shared_affine(uint32_t address) {
    Q4KAffine f;
    asm volatile("ld.shared.v2.f32 {%0, %1}, [%2];\n" : "=f"(f.scale128), "=f"(f.offset) : "r"(address));
    return f;
}

// Producer warps 1-3 (96 threads): for each super-block of the block, once its first stage has landed, the affine
// maps of its 8 sub-blocks for all 128 rows into slot s % kAffineSlots ([row][sub-block] (scale128, offset)), then
// an arrival on that slot's barrier.
template <class T>
__device__ __forceinline__ void publish_affine_maps(uint32_t full, uint32_t heads, uint32_t affine, uint32_t ready,
                                                    int super_blocks) {
    const int p = threadIdx.x - 32;
    for (int sb = 0; sb < super_blocks; ++sb) {
        const int kt = 4 * sb;
        mbarrier_wait(full + 8 * (kt % T::kStages), (kt / T::kStages) & 1);
        const uint32_t head_slot = heads + (sb % T::kHeadSlots) * T::kHeadsBytes;
        const uint32_t slot = affine + (sb % T::kAffineSlots) * T::kAffineBytes;
        for (int row = p; row < T::kConsumers * kQ4KPackedGroup; row += 96) {
            const Q4KHead head = q4k_head(ld_shared_16(head_slot + kQ4KPackedHeadBytes * row));
#pragma unroll
            for (int j = 0; j < 8; ++j) {
                const Q4KAffine f = q4k_affine(head, j);
                asm volatile("st.shared.v2.f32 [%0], {%1, %2};\n" ::"r"(slot + (8 * row + j) * 8), "f"(f.scale128),
                             "f"(f.offset)
                             : "memory");
            }
        }
        mbarrier_arrive(ready + 8 * (sb % T::kAffineSlots));
    }
}
#endif

template <int BT>
__global__ void __launch_bounds__(PackedTile<BT>::kThreads, PackedTile<BT>::kBlocksPerSm)
    gemm_q4k_packed_kernel(const __grid_constant__ CUtensorMap map_x, const uint8_t *__restrict__ packed,
                           const ht_epilogue epilogue, int M, int N, int K, void *out) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    using T = PackedTile<BT>;
    extern __shared__ uint8_t smem_raw[];
    const uint32_t smem = (shared_u32(smem_raw) + 1023) & ~1023u;
    const uint32_t heads = smem + T::kStages * T::kStageBytes;
    const uint32_t affine = heads + T::kHeadSlots * T::kHeadsBytes;  // the affine ring and its barriers, small tiles
    const uint32_t affine_ready = affine + (T::kAffineInSmem ? T::kAffineSlots * T::kAffineBytes : 0);
    const uint32_t full = affine_ready + (T::kAffineInSmem ? 8 * T::kAffineSlots : 0), empty = full + 8 * T::kStages;

    const int warpgroup = threadIdx.x / 128;
    const int splits = T::kSplitK ? cluster_size() : 1, rank = T::kSplitK ? cluster_rank() : 0;
    const TileCoord tile = grouped_tile(blockIdx.x / splits, (M + T::kBT - 1) / T::kBT, (N + T::kBN - 1) / T::kBN);
    const int t0 = tile.m * T::kBT, n0 = tile.n * T::kBN;
    // This block's share of K: super-blocks first_sb .. first_sb + super_blocks - 1.
    const int super_blocks = K / HT_QK_K / splits, first_sb = rank * super_blocks, row_super_blocks = K / HT_QK_K;
    const int tiles = 4 * super_blocks;
    // N is a multiple of 64: the last tile may hold one group; the other consumer then multiplies whatever the
    // stage holds and stores nothing.
    const int groups = min(T::kConsumers, (N - n0) / kQ4KPackedGroup);

    if (T::kAffineInSmem && threadIdx.x == 0)
        for (int slot = 0; slot < T::kAffineSlots; ++slot) mbarrier_init(affine_ready + 8 * slot, 96);
    init_ring_barriers(full, empty, T::kStages, 1, T::kConsumers);  // also fences the inits above and syncs

    if (warpgroup == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(T::kProducerRegisters));
        if (threadIdx.x == 0) {
            for (int kt = 0; kt < tiles; ++kt) {
                const int s = kt % T::kStages;
                if (kt >= T::kStages) mbarrier_wait(empty + 8 * s, ((kt / T::kStages) - 1) & 1);
                const uint32_t stage = smem + s * T::kStageBytes, bar = full + 8 * s;
                // A super-block's heads travel with its first stage, into slot (kt / 4) % 2: when they are next
                // overwritten (stage kt + 8), stage kt + 2 has been released, so every consumer has read them.
                const bool first = kt % 4 == 0;
                mbarrier_expect_tx(bar, T::kXBytes + groups * (kQ4KPackedChunkBytes + (first ? T::kHeadsBytes / T::kConsumers : 0)));
                tma_load_2d(stage, &map_x, (4 * first_sb + kt) * T::kBK, t0, bar);
                for (int c = 0; c < groups; ++c) {
                    const uint8_t *unit = packed + (static_cast<size_t>(n0 / kQ4KPackedGroup + c) * row_super_blocks +
                                                    first_sb + kt / 4) * kQ4KPackedUnitBytes;
                    const int group_heads = T::kHeadsBytes / T::kConsumers;
                    if (first) bulk_copy_1d(heads + ((kt / 4) % 2) * T::kHeadsBytes + c * group_heads, unit, group_heads, bar);
                    bulk_copy_1d(stage + T::kXBytes + c * kQ4KPackedChunkBytes,
                                 unit + group_heads + (kt % 4) * kQ4KPackedChunkBytes, kQ4KPackedChunkBytes, bar);
                }
            }
        }
        if constexpr (T::kAffineInSmem) {
            if (threadIdx.x >= 32) publish_affine_maps<T>(full, heads, affine, affine_ready, super_blocks);
        }
        if constexpr (T::kSplitK) {
            if (splits > 1) {  // the producer's threads take part in both cluster barriers of the reduction
                cluster_sync();
                cluster_sync();
            }
        }
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(T::kConsumerRegisters));
        const int c = warpgroup - 1, t = threadIdx.x % 128, r0 = 16 * (t / 32) + (t % 32) / 4;
        float acc[BT / 2];
#pragma unroll
        for (int i = 0; i < BT / 2; ++i) acc[i] = 0.0f;
        uint32_t frag[T::kFragBuffers][4][4];
        Q4KHead row_heads[2];
        auto run_stage = [&](int kt, uint32_t (&f)[4][4]) {
            const int s = kt % T::kStages;
            mbarrier_wait(full + 8 * s, (kt / T::kStages) & 1);
            if (T::kAffineInSmem && kt % 4 == 0)
                mbarrier_wait(affine_ready + 8 * ((kt / 4) % T::kAffineSlots), ((kt / 4) / T::kAffineSlots) & 1);
            const uint32_t stage = smem + s * T::kStageBytes;
            const uint4 q = ld_shared_16(stage + T::kXBytes + c * kQ4KPackedChunkBytes + 16 * t);
            if constexpr (T::kAffineInSmem) {
                const int sb = kt / 4;
                // row r0 of this consumer's group, sub-block 2 (kt % 4) + half; row r0 + 8 is 8 rows (512 bytes) on
                const uint32_t at = affine + (sb % T::kAffineSlots) * T::kAffineBytes +
                                    (8 * (c * kQ4KPackedGroup + r0) + 2 * (kt % 4)) * 8;
                q4k_packed_fragments(
                    q,
                    [&](int half, Q4KAffine(&maps)[2]) {
                        maps[0] = ld_shared_affine(at + 8 * half);
                        maps[1] = ld_shared_affine(at + 8 * 8 * 8 + 8 * half);
                    },
                    f);
            } else {
                if (kt % 4 == 0) {
                    const uint32_t slot = heads + ((kt / 4) % 2) * T::kHeadsBytes + c * (T::kHeadsBytes / T::kConsumers);
                    row_heads[0] = q4k_head(ld_shared_16(slot + kQ4KPackedHeadBytes * r0));
                    row_heads[1] = q4k_head(ld_shared_16(slot + kQ4KPackedHeadBytes * (r0 + 8)));
                }
                q4k_packed_fragments(q, kt % 4, row_heads, f);
            }
            wgmma_fence();
#pragma unroll
            for (int step = 0; step < 4; ++step)
                wgmma_m64nNk16_bf16_rs<BT>(acc, f[step], smem_descriptor(stage + 32 * step), kt > 0 || step > 0);
            wgmma_commit();
            // Stage kt - (kFragBuffers - 1)'s products are complete: the producer may refill it, and its fragment
            // buffer (the one stage kt + 1 decodes into) is free.
            wgmma_wait<T::kFragBuffers - 1>();
            if (kt >= T::kFragBuffers - 1 && t == 0) mbarrier_arrive(empty + 8 * ((kt - (T::kFragBuffers - 1)) % T::kStages));
        };
        if constexpr (T::kFragBuffers == 3) {
            for (int kt = 0; kt < tiles; ++kt) {
                switch (kt % 3) {
                    case 0: run_stage(kt, frag[0]); break;
                    case 1: run_stage(kt, frag[1]); break;
                    default: run_stage(kt, frag[2]); break;
                }
            }
        } else {
            // two stages an iteration (tiles is a multiple of 4), so the accumulators flow through straight-line code
            static_assert(T::kFragBuffers == 2, "one call per fragment buffer");
            for (int kt = 0; kt < tiles; kt += 2) {
                run_stage(kt, frag[0]);
                run_stage(kt + 1, frag[1]);
            }
        }
        wgmma_wait<0>();
        const int channel_base = n0 + c * kQ4KPackedGroup;
        if constexpr (T::kSplitK) {
            if (splits > 1) {
                reduce_split_k_and_store<BT>(acc, smem, c, groups, epilogue, out, channel_base, t0, M, N);
                return;
            }
        }
        if (c < groups) store_m64_tile_transposed(acc, epilogue, out, channel_base, t0, M, N);
    }
#else
    (void)map_x; (void)packed; (void)epilogue; (void)M; (void)N; (void)K; (void)out;
    __trap();
#endif
}

// The launch configuration of the BT kernel: `blocks` blocks in clusters of `splits` (its attribute lives here, so
// the object stays where it was made). Without a split, no cluster attribute: launched with clusters of one block,
// the 256-token kernel measured 2-19% slower at M = 4096 on an H200 than before (docs/benchmarks.md, fifteenth and
// sixteenth runs).
template <int BT>
struct ClusterLaunch {
    cudaLaunchAttribute cluster = {};
    cudaLaunchConfig_t config = {};
    ClusterLaunch(int blocks, int splits, cudaStream_t stream) {
        cluster.id = cudaLaunchAttributeClusterDimension;
        cluster.val.clusterDim.x = splits;
        cluster.val.clusterDim.y = 1;
        cluster.val.clusterDim.z = 1;
        config.gridDim = dim3(blocks);
        config.blockDim = dim3(PackedTile<BT>::kThreads);
        config.dynamicSmemBytes = PackedTile<BT>::kSmemBytes;
        config.stream = stream;
        config.attrs = &cluster;
        config.numAttrs = splits > 1 ? 1 : 0;
    }
    ClusterLaunch(const ClusterLaunch &) = delete;
    ClusterLaunch &operator=(const ClusterLaunch &) = delete;
};

// The cluster size for a small-M grid of `tiles` tiles over `super_blocks` super-blocks, among the divisors of
// super_blocks up to 8 whose clusters all fit on the GPU at once (a second wave would double the time): the smallest
// that gives every SM a block, else the largest.
template <int BT>
ht_status split_k_clusters(int tiles, int super_blocks, int &splits) {
    int sms = 0;
    ht_status status = current_multiprocessors(sms);
    if (status != HT_OK) return status;
    splits = 1;
    for (int d = 2; d <= 8 && tiles * splits < sms; ++d) {
        if (super_blocks % d != 0) continue;
        int clusters = 0;
        status = max_active_clusters<gemm_q4k_packed_kernel<BT>>(d, PackedTile<BT>::kThreads, PackedTile<BT>::kSmemBytes,
                                                                 clusters);
        if (status != HT_OK) return status;
        if (tiles <= clusters) splits = d;
    }
    return HT_OK;
}

template <int BT>
ht_status launch_packed(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                        void *out, cudaStream_t stream) {
    using T = PackedTile<BT>;
    CUtensorMap map_x;
    ht_status status = encode_tile_map(&map_x, x, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, M, K, T::kBT, "activations");
    if (status != HT_OK) return status;
    const int tiles = ((N + T::kBN - 1) / T::kBN) * ((M + T::kBT - 1) / T::kBT);
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_q4k_packed_kernel<BT>, cudaFuncAttributeMaxDynamicSharedMemorySize, T::kSmemBytes));
    int splits = 1;
    if (T::kSplitK) {
        status = split_k_clusters<BT>(tiles, K / HT_QK_K, splits);
        if (status != HT_OK) return status;
    }
    const ClusterLaunch<BT> launch(tiles * splits, splits, stream);
    HT_TRY_CUDA(cudaLaunchKernelEx(&launch.config, gemm_q4k_packed_kernel<BT>, map_x, static_cast<const uint8_t *>(packed),
                                   epilogue, M, N, K, out));
    HT_CHECK_LAUNCH("gemm_q4k_packed_kernel");
    return HT_OK;
}

}  // namespace

ht_status gemm_q4_K_bf16_packed(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                                void *out, cudaStream_t stream) {
    return launch_packed<256>(x, packed, epilogue, M, N, K, out, stream);
}

ht_status gemm_q4_K_bf16_packed_split_k(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N,
                                        int K, void *out, cudaStream_t stream) {
    if (M <= 32) return launch_packed<32>(x, packed, epilogue, M, N, K, out, stream);
    if (M <= kQ4KPackedSplitKMaxM) return launch_packed<64>(x, packed, epilogue, M, N, K, out, stream);
    return fail(HT_ERR_INVALID_ARGUMENT, "gemm_q4_K_bf16_packed_split_k: M = " + std::to_string(M) + " exceeds " +
                                             std::to_string(kQ4KPackedSplitKMaxM));
}

}  // namespace ht
