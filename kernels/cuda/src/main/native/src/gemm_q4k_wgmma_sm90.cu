// Q4_K x bf16 GEMM for Hopper (sm_90a) at large M, on wgmma: the GGUF blocks are decoded to bf16 in shared memory
// by a producer warpgroup while consumer warpgroups multiply, so the weights cross HBM as 4.5 bits and the tensor
// cores run at the wgmma rate (mma.sync bf16 reaches well under half of it on Hopper: docs/gpu.md).
//
// One output tile per block, in grouped order (tile_order.cuh); K advances 64 values (a quarter super-block, one
// 128-byte swizzled row per operand row) per stage.
//   producer (warpgroup 0, 128 threads): cp.async copies each stage's raw bytes (per channel: the 16-byte head
//     and this quarter's 32 qs bytes) kRawStages - 1 stages ahead into a raw ring; thread 0 starts the bulk
//     tensor copy of the activation tile; every thread decodes whole channel rows of the raw stage into the
//     swizzled bf16 B tile, then fences its stores into the async proxy and arrives on the stage's full barrier.
//   consumers (warpgroups 1-4, 64 rows each): 4 x wgmma m64n128k16 per stage, then the fused epilogue straight
//     from the fp32 accumulators, as in the W8A8 kernel.
// The decode is the producer's whole job and the kernel's limit, so the tile is tall (Q4KTile below): every decoded
// weight feeds as many activation rows as the register file allows. Measured on an H200 (docs/gpu.md): 256 x 128
// tiles run 1.3-1.4x faster than 128 x 256 ones; a variant without a producer, where all threads decode between
// their wgmma issues, ran at about half the speed.
//
// Numerics: each weight is q4k_affine's fmaf rounded once to bf16 (round to nearest even; weight_decoders.cuh);
// products accumulate in fp32 in the tensor cores' order.
#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "halftone/blocks.h"
#include "mma_primitives.cuh"
#include "sm90_async.cuh"
#include "tensor_map.cuh"
#include "tile_order.cuh"
#include "weight_decoders.cuh"
#include "wgmma_ops.cuh"

namespace ht {
namespace {

// Four consumer warpgroups of 64 rows x 128 channels (m64n128 accumulators: half the register file), one producer
// warpgroup decoding one channel row per thread, and as many stages as the 227 KB of shared memory hold.
struct Q4KTile {
    static constexpr int kConsumers = 4, kBN = 128, kBM = 64 * kConsumers;
    static constexpr int kThreads = 128 * (kConsumers + 1);
    static constexpr int kBK = 64;  // bf16 values of K per stage
    static constexpr int kABytes = kBM * kBK * 2, kBBytes = kBN * kBK * 2, kStageBytes = kABytes + kBBytes;
    static constexpr int kRawRowBytes = 48;  // one channel's share of a stage: head (d, dmin, 12 scale bytes), 32 qs
    static constexpr int kRawBytes = kBN * kRawRowBytes, kRawStages = 4;
    static constexpr int kRawCopiesPerThread = kRawBytes / 16 / 128;
    static constexpr int kFixedBytes = kRawStages * kRawBytes + 1024 /* alignment slack */ + 2 * 8 * 8 /* barriers */;
    static constexpr int kStages = (227 * 1024 - kFixedBytes) / kStageBytes;
    static constexpr int kSmemBytes = kStages * kStageBytes + kFixedBytes;
    static_assert(kBN == 128, "each of the 128 producer threads decodes one channel row");
    static_assert(kRawCopiesPerThread * 16 * 128 == kRawBytes, "raw copies must divide over the producer threads");
    static_assert(kStages >= 2 && kStages <= 8, "shared memory must hold 2 to 8 stages");
    static_assert(HT_QK_K == 4 * kBK, "a stage is a quarter of a Q4_K super-block");
};

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
// Synchronizes the producer warpgroup only (named barrier 1; __syncthreads uses 0).
__device__ __forceinline__ void producer_barrier() { asm volatile("bar.sync 1, 128;\n" ::: "memory"); }

// Eight 4-bit values (nibble h of the 8 bytes lo, hi) as four bf16 pairs of the weights (numerics above).
__device__ __forceinline__ uint4 decode_chunk(uint32_t lo, uint32_t hi, int h, Q4KAffine f) {
    const uint32_t a = ((lo >> (4 * h)) & 0x0F0F0F0Fu) | 0x80808080u, b = ((hi >> (4 * h)) & 0x0F0F0F0Fu) | 0x80808080u;
    return make_uint4(q4k_bf16_pair(a, 0, f), q4k_bf16_pair(a, 2, f), q4k_bf16_pair(b, 0, f), q4k_bf16_pair(b, 2, f));
}

// Decodes channel row r of raw stage kt into B tile row r: K values 0-31 are sub-block 2(kt % 4) (low nibbles of
// the 32 qs bytes), 32-63 sub-block 2(kt % 4) + 1 (their high nibbles); 16-byte chunk c holds values 8c .. 8c + 7.
__device__ __forceinline__ void decode_row(uint32_t raw_slot, int r, int kt, uint32_t b_tile) {
    using T = Q4KTile;
    const uint4 head = ld_shared_16(raw_slot + r * T::kRawRowBytes);
    const uint4 q0 = ld_shared_16(raw_slot + r * T::kRawRowBytes + 16);
    const uint4 q1 = ld_shared_16(raw_slot + r * T::kRawRowBytes + 32);
    const int j = 2 * (kt % 4);  // sub-block of the low nibbles; j + 1 for the high ones
    const Q4KHead unpacked = q4k_head(head);
    const uint32_t words[8] = {q0.x, q0.y, q0.z, q0.w, q1.x, q1.y, q1.z, q1.w};
#pragma unroll
    for (int h = 0; h < 2; ++h) {
        const Q4KAffine f = q4k_affine(unpacked, j + h);
#pragma unroll
        for (int c = 0; c < 4; ++c)
            st_shared_16(b_tile + swizzled_offset(r, 4 * h + c), decode_chunk(words[2 * c], words[2 * c + 1], h, f));
    }
}
#endif

__global__ void __launch_bounds__(Q4KTile::kThreads, 1)
    gemm_q4k_wgmma_kernel(const __grid_constant__ CUtensorMap map_x, const uint8_t *__restrict__ blocks,
                          const ht_epilogue epilogue, int M, int N, int K, void *out) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    using T = Q4KTile;
    extern __shared__ uint8_t smem_raw[];
    // wgmma's 128-byte swizzle (and the bulk copy writing it) needs 1024-byte aligned tiles.
    const uint32_t smem = (shared_u32(smem_raw) + 1023) & ~1023u;
    const uint32_t raw = smem + T::kStages * T::kStageBytes;
    const uint32_t full = raw + T::kRawStages * T::kRawBytes;  // kStages mbarriers, then kStages more (empty)
    const uint32_t empty = full + 8 * T::kStages;

    const int warpgroup = threadIdx.x / 128;
    const TileCoord tile = grouped_tile(blockIdx.x, (M + T::kBM - 1) / T::kBM, (N + T::kBN - 1) / T::kBN);
    const int m0 = tile.m * T::kBM, n0 = tile.n * T::kBN;
    const int tiles = K / T::kBK;

    // full: every decoder, plus the copy's expect_tx; empty: one arrival per consumer warpgroup
    init_ring_barriers(full, empty, T::kStages, 128 + 1, T::kConsumers);

    if (warpgroup == 0) {
        // This thread's raw copies: 16-byte part p of channel row, at the same place in every stage. Channels
        // >= N copy nothing and read as zeros (d = dmin = 0: they decode to 0).
        const size_t row_bytes = static_cast<size_t>(K / HT_QK_K) * sizeof(ht_block_q4_K);
        const uint8_t *src[T::kRawCopiesPerThread];
        int part[T::kRawCopiesPerThread];
        bool valid[T::kRawCopiesPerThread];
#pragma unroll
        for (int i = 0; i < T::kRawCopiesPerThread; ++i) {
            const int copy = threadIdx.x + 128 * i, row = copy / 3;
            part[i] = copy % 3;  // 0: head, 1 and 2: the two halves of the stage's qs bytes
            valid[i] = n0 + row < N;
            src[i] = blocks + static_cast<size_t>(valid[i] ? n0 + row : 0) * row_bytes;
        }
        auto copy_raw_stage = [&](int kt) {  // always commits a group, so the wait count below stays uniform
            if (kt < tiles) {
                const uint32_t slot = raw + (kt % T::kRawStages) * T::kRawBytes;
                const int block_offset = (kt / 4) * static_cast<int>(sizeof(ht_block_q4_K));
#pragma unroll
                for (int i = 0; i < T::kRawCopiesPerThread; ++i)
                    cp_async_16(slot + 16 * (threadIdx.x + 128 * i),
                                src[i] + block_offset + (part[i] == 0 ? 0 : 16 * part[i] + 32 * (kt % 4)), valid[i]);
            }
            cp_async_commit();
        };
        for (int kt = 0; kt < T::kRawStages - 1; ++kt) copy_raw_stage(kt);
        for (int kt = 0; kt < tiles; ++kt) {
            cp_async_wait<T::kRawStages - 2>();  // this thread's copies of stage kt have landed
            producer_barrier();                  // everyone's have, and nobody still decodes stage kt - 1
            const int s = kt % T::kStages;
            if (kt >= T::kStages) mbarrier_wait(empty + 8 * s, ((kt / T::kStages) - 1) & 1);
            const uint32_t stage = smem + s * T::kStageBytes;
            if (threadIdx.x == 0) {
                mbarrier_expect_tx(full + 8 * s, T::kABytes);
                tma_load_2d(stage, &map_x, kt * T::kBK, m0, full + 8 * s);
            }
            const uint32_t raw_slot = raw + (kt % T::kRawStages) * T::kRawBytes;
            decode_row(raw_slot, threadIdx.x, kt, stage + T::kABytes);
            fence_proxy_async_shared();
            mbarrier_arrive(full + 8 * s);
            // Refill the raw slot of stage kt - 1 only now, so the fence and the arrival above do not also wait for
            // these copies (Nsight Compute showed both stalled on outstanding memory operations; 4096^3: 9% faster).
            copy_raw_stage(kt + T::kRawStages - 1);
        }
    } else {
        const int row0 = (warpgroup - 1) * 64;
        float acc[T::kBN / 2];
#pragma unroll
        for (int i = 0; i < T::kBN / 2; ++i) acc[i] = 0.0f;
        for (int kt = 0; kt < tiles; ++kt) {
            const int s = kt % T::kStages;
            mbarrier_wait(full + 8 * s, (kt / T::kStages) & 1);
            const uint32_t a = smem + s * T::kStageBytes + row0 * 128;
            const uint32_t b = smem + s * T::kStageBytes + T::kABytes;
            wgmma_fence();
#pragma unroll
            for (int k = 0; k < T::kBK / 16; ++k)
                wgmma_m64n128k16_bf16(acc, smem_descriptor(a + 32 * k), smem_descriptor(b + 32 * k), kt > 0 || k > 0);
            wgmma_commit();
            wgmma_wait<1>();
            // Stage kt - 1's products are complete: the producer may refill it.
            if (kt > 0 && threadIdx.x % 128 == 0) mbarrier_arrive(empty + 8 * ((kt - 1) % T::kStages));
        }
        wgmma_wait<0>();
        store_m64_tile(acc, epilogue, out, false, m0 + row0, n0, M, N);
    }
#else
    (void)map_x; (void)blocks; (void)epilogue; (void)M; (void)N; (void)K; (void)out;
    __trap();
#endif
}

}  // namespace

ht_status gemm_q4_K_bf16_wgmma(const void *x, const void *blocks, const ht_epilogue &epilogue, int M, int N, int K,
                               void *out, cudaStream_t stream) {
    using T = Q4KTile;
    CUtensorMap map_x;
    const ht_status status = encode_tile_map(&map_x, x, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, M, K, T::kBM, "activations");
    if (status != HT_OK) return status;
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_q4k_wgmma_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, T::kSmemBytes));
    const int blocks_total = ((N + T::kBN - 1) / T::kBN) * ((M + T::kBM - 1) / T::kBM);
    gemm_q4k_wgmma_kernel<<<blocks_total, T::kThreads, T::kSmemBytes, stream>>>(
        map_x, static_cast<const uint8_t *>(blocks), epilogue, M, N, K, out);
    HT_CHECK_LAUNCH("gemm_q4k_wgmma_kernel");
    return HT_OK;
}

}  // namespace ht
