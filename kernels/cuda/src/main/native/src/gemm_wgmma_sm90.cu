// The Hopper (sm_90a) W8A8 GEMM: bulk tensor copies (TMA) into a 4-stage 128-byte-swizzled shared ring,
// wgmma m64n256k32 s8 x s8 -> s32 from shared memory, warp-specialized (one producer warpgroup, two consumer
// warpgroups of 64 x 256 each), one 128 x 256 x 128 tile per block in grouped order (tile_order.cuh), and the
// same fused epilogue as the mma.sync path written from the accumulators (store_m64_tile). Two variants measured
// slower on an H100 (2026-11-25, docs/gpu.md): a persistent grid whose producer prefetches the next tile during the
// epilogue (9-38% slower, register spills in the consumer loop) and an epilogue staged through shared memory for
// 16-byte stores (up to 1.9x slower, cause not yet found), so this one stays until a profiler run explains them.
#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "sm90_async.cuh"
#include "tensor_map.cuh"
#include "tile_order.cuh"
#include "wgmma_ops.cuh"

namespace ht {
namespace {

constexpr int kBM = 128, kBN = 256, kBK = 128, kStages = 4;
constexpr int kThreads = 384;  // warpgroup 0 loads, warpgroups 1 and 2 multiply
constexpr int kABytes = kBM * kBK, kBBytes = kBN * kBK, kStageBytes = kABytes + kBBytes;
constexpr int kSmemBytes = kStages * kStageBytes + 1024 /* 1024-byte alignment slack */ + 2 * kStages * 8;

__global__ void __launch_bounds__(kThreads, 1)
    gemm_w8a8_wgmma_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                           const ht_epilogue epilogue, int M, int N, int K, void *out, bool out_s32) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    extern __shared__ uint8_t smem_raw[];
    // TMA 128-byte swizzle needs 1024-byte aligned destinations.
    uint8_t *smem = reinterpret_cast<uint8_t *>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));
    uint64_t *full = reinterpret_cast<uint64_t *>(smem + kStages * kStageBytes);
    uint64_t *empty = full + kStages;

    const int warpgroup = threadIdx.x / 128;
    const TileCoord tile = grouped_tile(blockIdx.x, (M + kBM - 1) / kBM, (N + kBN - 1) / kBN);
    const int m0 = tile.m * kBM, n0 = tile.n * kBN;
    const int tiles = K / kBK;

    init_ring_barriers(shared_u32(full), shared_u32(empty), kStages, 1, 2);

    if (warpgroup == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 40;\n");
        if (threadIdx.x == 0) {
            for (int kt = 0; kt < tiles; ++kt) {
                const int s = kt % kStages;
                if (kt >= kStages) mbarrier_wait(shared_u32(&empty[s]), ((kt / kStages) - 1) & 1);
                const uint32_t bar = shared_u32(&full[s]);
                mbarrier_expect_tx(bar, kStageBytes);
                uint8_t *stage = smem + s * kStageBytes;
                tma_load_2d(shared_u32(stage), &map_a, kt * kBK, m0, bar);
                tma_load_2d(shared_u32(stage + kABytes), &map_b, kt * kBK, n0, bar);
            }
        }
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 232;\n");
        const int row0 = (warpgroup - 1) * 64;
        int acc[128];
#pragma unroll
        for (int i = 0; i < 128; ++i) acc[i] = 0;
        for (int kt = 0; kt < tiles; ++kt) {
            const int s = kt % kStages;
            mbarrier_wait(shared_u32(&full[s]), (kt / kStages) & 1);
            const uint32_t a = shared_u32(smem + s * kStageBytes + row0 * kBK);
            const uint32_t b = shared_u32(smem + s * kStageBytes + kABytes);
            wgmma_fence();
#pragma unroll
            for (int k = 0; k < kBK / 32; ++k)
                wgmma_m64n256k32_s8(acc, smem_descriptor(a + 32 * k), smem_descriptor(b + 32 * k), kt > 0 || k > 0);
            wgmma_commit();
            wgmma_wait<1>();
            // Tile kt - 1's products are complete: its stage can be refilled.
            if (kt > 0 && threadIdx.x % 128 == 0) mbarrier_arrive(shared_u32(&empty[(kt - 1) % kStages]));
        }
        wgmma_wait<0>();

        store_m64_tile(acc, epilogue, out, out_s32, m0 + row0, n0, M, N);
    }
#else
    (void)map_a; (void)map_b; (void)epilogue; (void)M; (void)N; (void)K; (void)out; (void)out_s32;
    __trap();
#endif
}

}  // namespace

ht_status gemm_w8a8_wgmma(const int8_t *xq, const int8_t *w, const ht_epilogue &epilogue, int M, int N, int K,
                          void *out, bool out_s32, cudaStream_t stream) {
    CUtensorMap map_a, map_b;
    ht_status status = encode_tile_map(&map_a, xq, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, M, K, kBM, "activations");
    if (status != HT_OK) return status;
    status = encode_tile_map(&map_b, w, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, N, K, kBN, "weights");
    if (status != HT_OK) return status;
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_w8a8_wgmma_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmemBytes));
    const int blocks = ((N + kBN - 1) / kBN) * ((M + kBM - 1) / kBM);
    gemm_w8a8_wgmma_kernel<<<blocks, kThreads, kSmemBytes, stream>>>(map_a, map_b, epilogue, M, N, K, out, out_s32);
    HT_CHECK_LAUNCH("gemm_w8a8_wgmma_kernel");
    return HT_OK;
}

}  // namespace ht
