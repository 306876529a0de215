// Q4_K x bf16 for Hopper (sm_90a) on wgmma with the weights as the register operand (Machete's arrangement): the
// product is computed transposed, D[channel][token] = sum_k W[channel][k] X[token][k], so the weights are wgmma's A,
// which may come from registers, and the activations its B, from shared memory. Each consumer thread decodes its own
// A fragments straight from 16 packed bytes per stage (q4k_packed_layout.cuh) in registers: no decoded tile goes
// through shared memory, and one decoded fragment feeds 256 tokens. The decoded-in-shared-memory kernel
// (gemm_q4k_wgmma_sm90.cu) is bound by its producer's decode (docs/gpu.md); here the decode is spread over the
// consumers, about 25 instructions per 8 weights against 128 cycles of tensor work per k16 step.
//
// One 128-channel x 256-token output tile per block, in grouped order (tile_order.cuh); K advances 64 per stage.
//   producer (warpgroup 0, one thread): per stage, the bulk tensor copy of the 256 x 64 activation tile (128-byte
//     swizzle) and, for each of the block's two channel groups, a bulk copy of the stage's nibble chunk (2 KB), plus
//     the super-block's 64 heads (1 KB) with its first stage.
//   consumers (warpgroups 1-2, 64 channels each): decode each stage's fragments into one of three register buffers
//     while the two stages before it may still run their wgmma m64n256k16 (two buffers measured the same), then the
//     fused epilogue, transposed back. Staging the output tile in shared memory for a bulk tensor store measured no
//     faster: the block then waits for the store to read shared memory before it exits. On an H200 the tensor pipe
//     is busy about 60% of the time; the decode and the epilogue account for most of the rest (docs/benchmarks.md,
//     "third run").
//
// Numerics: the same bf16 weights as the other Q4_K kernels that round to bf16 (q4k_affine, rounded once, round to
// nearest even); products accumulate in fp32 in the tensor cores' order.
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

struct PackedTile {
    static constexpr int kConsumers = 2, kBN = kQ4KPackedGroup * kConsumers, kBT = 256, kBK = 64;
    static constexpr int kThreads = 128 * (kConsumers + 1);
    static constexpr int kXBytes = kBT * kBK * 2;  // the activation tile: 256 rows of 128 bytes
    static constexpr int kStageBytes = kXBytes + kConsumers * kQ4KPackedChunkBytes;
    // The heads change every 4 stages: a ring of two super-blocks' heads outside the stages keeps them from taking
    // a sixth of every stage (6 stages fit instead of 5).
    static constexpr int kHeadsBytes = kConsumers * kQ4KPackedGroup * kQ4KPackedHeadBytes, kHeadSlots = 2;
    static constexpr int kFixedBytes = kHeadSlots * kHeadsBytes + 1024 /* alignment slack */ + 2 * 8 * 8 /* barriers */;
    static constexpr int kStages = (227 * 1024 - kFixedBytes) / kStageBytes;
    static constexpr int kSmemBytes = kStages * kStageBytes + kFixedBytes;
    // Fragment buffers per consumer thread: a stage decodes while the two before it may still be multiplying.
    static constexpr int kFragBuffers = 3;
    static_assert(kStageBytes % 1024 == 0, "each stage's activation tile must stay 1024-byte aligned (128-byte swizzle)");
    static_assert(kStages >= kFragBuffers + 2 && kStages <= 8, "shared memory must hold 5 to 8 stages");
    static_assert(HT_QK_K == 4 * kBK, "a stage is a quarter of a Q4_K super-block");
};

__global__ void __launch_bounds__(PackedTile::kThreads, 1)
    gemm_q4k_packed_kernel(const __grid_constant__ CUtensorMap map_x, const uint8_t *__restrict__ packed,
                           const ht_epilogue epilogue, int M, int N, int K, void *out) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    using T = PackedTile;
    extern __shared__ uint8_t smem_raw[];
    const uint32_t smem = (shared_u32(smem_raw) + 1023) & ~1023u;
    const uint32_t heads = smem + T::kStages * T::kStageBytes;
    const uint32_t full = heads + T::kHeadSlots * T::kHeadsBytes, empty = full + 8 * T::kStages;

    const int warpgroup = threadIdx.x / 128;
    const TileCoord tile = grouped_tile(blockIdx.x, (M + T::kBT - 1) / T::kBT, (N + T::kBN - 1) / T::kBN);
    const int t0 = tile.m * T::kBT, n0 = tile.n * T::kBN;
    const int tiles = K / T::kBK, super_blocks = K / HT_QK_K;
    // N is a multiple of 64: the last tile may hold one group; the other consumer then multiplies whatever the
    // stage holds and stores nothing.
    const int groups = min(T::kConsumers, (N - n0) / kQ4KPackedGroup);

    init_ring_barriers(full, empty, T::kStages, 1, T::kConsumers);

    if (warpgroup == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 40;\n");
        if (threadIdx.x == 0) {
            for (int kt = 0; kt < tiles; ++kt) {
                const int s = kt % T::kStages;
                if (kt >= T::kStages) mbarrier_wait(empty + 8 * s, ((kt / T::kStages) - 1) & 1);
                const uint32_t stage = smem + s * T::kStageBytes, bar = full + 8 * s;
                // A super-block's heads travel with its first stage, into slot (kt / 4) % 2: when they are next
                // overwritten (stage kt + 8), stage kt + 2 has been released, so every consumer has read them.
                const bool first = kt % 4 == 0;
                mbarrier_expect_tx(bar, T::kXBytes + groups * (kQ4KPackedChunkBytes + (first ? T::kHeadsBytes / T::kConsumers : 0)));
                tma_load_2d(stage, &map_x, kt * T::kBK, t0, bar);
                for (int c = 0; c < groups; ++c) {
                    const uint8_t *unit = packed + (static_cast<size_t>(n0 / kQ4KPackedGroup + c) * super_blocks + kt / 4) *
                                                       kQ4KPackedUnitBytes;
                    const int group_heads = T::kHeadsBytes / T::kConsumers;
                    if (first) bulk_copy_1d(heads + ((kt / 4) % 2) * T::kHeadsBytes + c * group_heads, unit, group_heads, bar);
                    bulk_copy_1d(stage + T::kXBytes + c * kQ4KPackedChunkBytes,
                                 unit + group_heads + (kt % 4) * kQ4KPackedChunkBytes, kQ4KPackedChunkBytes, bar);
                }
            }
        }
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 232;\n");
        const int c = warpgroup - 1, t = threadIdx.x % 128, r0 = 16 * (t / 32) + (t % 32) / 4;
        float acc[128];
#pragma unroll
        for (int i = 0; i < 128; ++i) acc[i] = 0.0f;
        uint32_t frag[T::kFragBuffers][4][4];
        Q4KHead row_heads[2];
        auto run_stage = [&](int kt, uint32_t (&f)[4][4]) {
            const int s = kt % T::kStages;
            mbarrier_wait(full + 8 * s, (kt / T::kStages) & 1);
            const uint32_t stage = smem + s * T::kStageBytes;
            if (kt % 4 == 0) {
                const uint32_t slot = heads + ((kt / 4) % 2) * T::kHeadsBytes + c * (T::kHeadsBytes / T::kConsumers);
                row_heads[0] = q4k_head(ld_shared_16(slot + kQ4KPackedHeadBytes * r0));
                row_heads[1] = q4k_head(ld_shared_16(slot + kQ4KPackedHeadBytes * (r0 + 8)));
            }
            q4k_packed_fragments(ld_shared_16(stage + T::kXBytes + c * kQ4KPackedChunkBytes + 16 * t), kt % 4, row_heads, f);
            wgmma_fence();
#pragma unroll
            for (int step = 0; step < 4; ++step)
                wgmma_m64n256k16_bf16_rs(acc, f[step], smem_descriptor(stage + 32 * step), kt > 0 || step > 0);
            wgmma_commit();
            // Stage kt - 2's products are complete: the producer may refill it, and its fragment buffer (the one
            // stage kt + 1 decodes into) is free.
            wgmma_wait<T::kFragBuffers - 1>();
            if (kt >= 2 && t == 0) mbarrier_arrive(empty + 8 * ((kt - 2) % T::kStages));
        };
        static_assert(T::kFragBuffers == 3, "one case per fragment buffer below");
        for (int kt = 0; kt < tiles; ++kt) {
            switch (kt % 3) {
                case 0: run_stage(kt, frag[0]); break;
                case 1: run_stage(kt, frag[1]); break;
                default: run_stage(kt, frag[2]); break;
            }
        }
        wgmma_wait<0>();
        if (c < groups) store_m64_tile_transposed(acc, epilogue, out, n0 + c * kQ4KPackedGroup, t0, M, N);
    }
#else
    (void)map_x; (void)packed; (void)epilogue; (void)M; (void)N; (void)K; (void)out;
    __trap();
#endif
}

}  // namespace

ht_status gemm_q4_K_bf16_packed(const void *x, const void *packed, const ht_epilogue &epilogue, int M, int N, int K,
                                void *out, cudaStream_t stream) {
    using T = PackedTile;
    CUtensorMap map_x;
    const ht_status status = encode_tile_map(&map_x, x, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, M, K, T::kBT, "activations");
    if (status != HT_OK) return status;
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_q4k_packed_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, T::kSmemBytes));
    const int blocks = ((N + T::kBN - 1) / T::kBN) * ((M + T::kBT - 1) / T::kBT);
    gemm_q4k_packed_kernel<<<blocks, T::kThreads, T::kSmemBytes, stream>>>(
        map_x, static_cast<const uint8_t *>(packed), epilogue, M, N, K, out);
    HT_CHECK_LAUNCH("gemm_q4k_packed_kernel");
    return HT_OK;
}

}  // namespace ht
