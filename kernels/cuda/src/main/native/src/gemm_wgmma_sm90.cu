// The Hopper (sm_90a) W8A8 GEMMs: bulk tensor copies (TMA) into a 128-byte-swizzled shared ring guarded by mbarriers,
// wgmma s8 x s8 -> s32 from shared memory, warp-specialized (one producer warpgroup, two consumer warpgroups,
// setmaxnreg 40/232), tiles in grouped order (tile_order.cuh), and the same fused epilogue as the mma.sync path
// written from the accumulators (store_m64_tile). Two kernels, chosen by how many tiles there are:
//   ping-pong: a persistent block per SM whose two consumer warpgroups take alternate 128 x 128 tiles (two
//     m64n128k32 per k32 step each), so one warpgroup's epilogue runs while the other multiplies, as cuBLAS and
//     CUTLASS do on Hopper. A warpgroup starts a tile's main loop only after the other finished the previous tile's,
//     so the main loops alternate and neither waits on ring phases meant for the other. Its epilogue reads the tile's
//     factors from shared memory, loaded while the main loop runs (TileFactors).
//   one tile per block: 128 x 256, both consumers on it (m64n256k32 each), nothing overlapping the epilogue.
// Both launch as programmatic dependents of the stream's previous kernel (launch_after_previous, common.cuh), so their
// launch and barrier set-up overlap the end of the activation quantization before them.
// Measured on an H200 (docs/benchmarks.md, ninth and eleventh runs): with at least two 128 x 128 tiles per SM the
// ping-pong kernel is the faster (M = 4096: the GEMM 10-36% faster where K <= 4096, the fused linear's median
// 1.32x -> 1.47x cuBLAS BF16; M = 8192: 4-17% on 6 of 8 shapes); with fewer (M = 1024, N = 3072: 192 tiles on
// 132 SMs) its last round leaves most consumers idle and one 128 x 256 tile per block is up to 19% faster.
// Earlier variants measured slower (docs/gpu.md): a persistent grid with one warpgroup holding two tiles (register
// spills) and an epilogue staged through shared memory.
#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "sm90_async.cuh"
#include "tensor_map.cuh"
#include "tile_order.cuh"
#include "wgmma_ops.cuh"

namespace ht {
namespace {

struct OneTile {
    static constexpr int kBM = 128, kBN = 256, kBK = 128, kStages = 4, kThreads = 384;
    static constexpr int kABytes = kBM * kBK, kBBytes = kBN * kBK, kStageBytes = kABytes + kBBytes;
    static constexpr int kSmemBytes = kStages * kStageBytes + 1024 /* 1024-byte alignment slack */ + 2 * kStages * 8;
};

__global__ void __launch_bounds__(OneTile::kThreads, 1)
    gemm_w8a8_one_tile_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                              const ht_epilogue epilogue, int M, int N, int K, void *out, bool out_s32) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    using T = OneTile;
    extern __shared__ uint8_t smem_raw[];
    // TMA 128-byte swizzle needs 1024-byte aligned destinations.
    uint8_t *smem = reinterpret_cast<uint8_t *>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));
    uint64_t *full = reinterpret_cast<uint64_t *>(smem + T::kStages * T::kStageBytes);
    uint64_t *empty = full + T::kStages;

    const int warpgroup = threadIdx.x / 128;
    const TileCoord tile = grouped_tile(blockIdx.x, (M + T::kBM - 1) / T::kBM, (N + T::kBN - 1) / T::kBN);
    const int m0 = tile.m * T::kBM, n0 = tile.n * T::kBN;
    const int tiles = K / T::kBK;

    init_ring_barriers(shared_u32(full), shared_u32(empty), T::kStages, 1, 2);
    wait_for_previous_grids();  // the activations and their scales come from the quantization kernel before it

    if (warpgroup == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 40;\n");
        if (threadIdx.x == 0) {
            for (int kt = 0; kt < tiles; ++kt) {
                const int s = kt % T::kStages;
                if (kt >= T::kStages) mbarrier_wait(shared_u32(&empty[s]), ((kt / T::kStages) - 1) & 1);
                const uint32_t bar = shared_u32(&full[s]);
                mbarrier_expect_tx(bar, T::kStageBytes);
                uint8_t *stage = smem + s * T::kStageBytes;
                tma_load_2d(shared_u32(stage), &map_a, kt * T::kBK, m0, bar);
                tma_load_2d(shared_u32(stage + T::kABytes), &map_b, kt * T::kBK, n0, bar);
            }
        }
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 232;\n");
        const int row0 = (warpgroup - 1) * 64;
        int acc[128];
#pragma unroll
        for (int i = 0; i < 128; ++i) acc[i] = 0;
        for (int kt = 0; kt < tiles; ++kt) {
            const int s = kt % T::kStages;
            mbarrier_wait(shared_u32(&full[s]), (kt / T::kStages) & 1);
            const uint32_t a = shared_u32(smem + s * T::kStageBytes + row0 * T::kBK);
            const uint32_t b = shared_u32(smem + s * T::kStageBytes + T::kABytes);
            wgmma_fence();
#pragma unroll
            for (int k = 0; k < T::kBK / 32; ++k)
                wgmma_m64n256k32_s8(acc, smem_descriptor(a + 32 * k), smem_descriptor(b + 32 * k), kt > 0 || k > 0);
            wgmma_commit();
            wgmma_wait<1>();
            // Tile kt - 1's products are complete: its stage can be refilled.
            if (kt > 0 && threadIdx.x % 128 == 0) mbarrier_arrive(shared_u32(&empty[(kt - 1) % T::kStages]));
        }
        wgmma_wait<0>();

        store_m64_tile(acc, epilogue, out, out_s32, m0 + row0, n0, M, N);
    }
#else
    (void)map_a; (void)map_b; (void)epilogue; (void)M; (void)N; (void)K; (void)out; (void)out_s32;
    __trap();
#endif
}

struct PingPongTile {
    static constexpr int kBM = 128, kBN = 128, kBK = 128, kThreads = 384;  // warpgroup 0 loads, 1 and 2 multiply
    static constexpr int kABytes = kBM * kBK, kBBytes = kBN * kBK, kStageBytes = kABytes + kBBytes;
    static constexpr int kStages = 6;
    // after the ring: full and empty barriers per stage and one main-loop barrier per consumer, then each consumer's
    // tile factors (TileFactors)
    static constexpr int kBarrierBytes = 128;
    static_assert(2 * kStages * 8 + 2 * 8 <= kBarrierBytes, "the barriers fit before the factors");
    static constexpr int kFactorsOffset = kStages * kStageBytes + kBarrierBytes, kFactorsBytes = 3 * kBN * 4;
    static constexpr int kSmemBytes = 1024 /* alignment slack */ + kFactorsOffset + 2 * kFactorsBytes;
};

// The epilogue factors of a ping-pong tile for store_m64_tile_bf16: the consumer loads its tile's per-column factors
// (one column a thread) and its rows' scales into registers before the main loop and moves the column factors to
// shared memory after it, so the epilogue waits on no global load. With them read from global memory in the epilogue
// (GlobalTileFactors), the epilogue took longer than the other warpgroup's main loop where K <= 4096 (H200,
// twenty-fifth run: 55% of the kernel's warp samples at K = N = 3072, stalled on those loads) and the tensor cores waited.
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
struct TileFactors {
    const float *columns;  // col_scale[kBN], bias[kBN], gate[kBN] in shared memory, absent ones as 1, -0, 1
    float rows[2];
    __device__ float row_scale(int h) const { return rows[h]; }
    __device__ float col_scale(int column) const { return columns[column]; }
    __device__ float bias(int column) const { return columns[PingPongTile::kBN + column]; }
    __device__ float gate(int column) const { return columns[2 * PingPongTile::kBN + column]; }
};
#endif

__global__ void __launch_bounds__(PingPongTile::kThreads, 1)
    gemm_w8a8_pingpong_kernel(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
                              const ht_epilogue epilogue, int M, int N, int K, void *out, bool out_s32) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    using T = PingPongTile;
    extern __shared__ uint8_t smem_raw[];
    uint8_t *smem = reinterpret_cast<uint8_t *>((reinterpret_cast<uintptr_t>(smem_raw) + 1023) & ~uintptr_t(1023));
    uint64_t *full = reinterpret_cast<uint64_t *>(smem + T::kStages * T::kStageBytes);
    uint64_t *empty = full + T::kStages;
    uint64_t *mainloop_done = empty + T::kStages;  // one per consumer: arrived when it has consumed a tile's stages

    const int warpgroup = threadIdx.x / 128;
    const int tiles_m = (M + T::kBM - 1) / T::kBM, tiles_n = (N + T::kBN - 1) / T::kBN, tiles = tiles_m * tiles_n;
    const int k_tiles = K / T::kBK;

    init_ring_barriers(shared_u32(full), shared_u32(empty), T::kStages, 1, 1);
    if (threadIdx.x == 0) {
        mbarrier_init(shared_u32(&mainloop_done[0]), 1);
        mbarrier_init(shared_u32(&mainloop_done[1]), 1);
        mbarrier_init_fence();
    }
    __syncthreads();
    wait_for_previous_grids();  // the activations and their scales come from the quantization kernel before it

    if (warpgroup == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 40;\n");
        if (threadIdx.x == 0) {
            int use = 0;
            for (int tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
                const TileCoord coord = grouped_tile(tile, tiles_m, tiles_n);
                for (int kt = 0; kt < k_tiles; ++kt, ++use) {
                    const int s = use % T::kStages;
                    if (use >= T::kStages) mbarrier_wait(shared_u32(&empty[s]), ((use / T::kStages) - 1) & 1);
                    const uint32_t bar = shared_u32(&full[s]);
                    mbarrier_expect_tx(bar, T::kStageBytes);
                    uint8_t *stage = smem + s * T::kStageBytes;
                    tma_load_2d(shared_u32(stage), &map_a, kt * T::kBK, coord.m * T::kBM, bar);
                    tma_load_2d(shared_u32(stage + T::kABytes), &map_b, kt * T::kBK, coord.n * T::kBN, bar);
                }
            }
        }
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 232;\n");
        const int consumer = warpgroup - 1;
        int ordinal = consumer;  // the block's tiles are 0, 1, 2, ...; this warpgroup takes every other one
        for (int tile = blockIdx.x + consumer * gridDim.x; tile < tiles; tile += 2 * gridDim.x, ordinal += 2) {
            const TileCoord coord = grouped_tile(tile, tiles_m, tiles_n);
            const int m0 = coord.m * T::kBM, n0 = coord.n * T::kBN, t = threadIdx.x % 128;
            // this tile's factors, in flight during the main loop: the thread's rows and column t
            const GlobalTileFactors top_rows(epilogue, m0, n0, M, N), bottom_rows(epilogue, m0 + 64, n0, M, N);
            const float column_factors[3] = {top_rows.col_scale(t), top_rows.bias(t), top_rows.gate(t)};
            if (ordinal > 0) mbarrier_wait(shared_u32(&mainloop_done[1 - consumer]), ((ordinal - 1) / 2) & 1);
            int top[64], bottom[64];
#pragma unroll
            for (int i = 0; i < 64; ++i) top[i] = bottom[i] = 0;
            const int first_use = ordinal * k_tiles;
            for (int kt = 0; kt < k_tiles; ++kt) {
                const int use = first_use + kt, s = use % T::kStages;
                mbarrier_wait(shared_u32(&full[s]), (use / T::kStages) & 1);
                const uint32_t a = shared_u32(smem + s * T::kStageBytes);
                const uint32_t b = a + T::kABytes;
                wgmma_fence();
#pragma unroll
                for (int k = 0; k < T::kBK / 32; ++k) {
                    wgmma_m64n128k32_s8(top, smem_descriptor(a + 32 * k), smem_descriptor(b + 32 * k), kt > 0 || k > 0);
                    wgmma_m64n128k32_s8(bottom, smem_descriptor(a + 64 * T::kBK + 32 * k), smem_descriptor(b + 32 * k),
                                        kt > 0 || k > 0);
                }
                wgmma_commit();
                wgmma_wait<1>();
                if (kt > 0 && threadIdx.x % 128 == 0) mbarrier_arrive(shared_u32(&empty[(use - 1) % T::kStages]));
            }
            if (threadIdx.x % 128 == 0) mbarrier_arrive(shared_u32(&mainloop_done[consumer]));
            wgmma_wait<0>();
            if (threadIdx.x % 128 == 0) mbarrier_arrive(shared_u32(&empty[(first_use + k_tiles - 1) % T::kStages]));
            if (out_s32) {
                store_m64_tile(top, epilogue, out, true, m0, n0, M, N);
                store_m64_tile(bottom, epilogue, out, true, m0 + 64, n0, M, N);
                continue;
            }
            float *columns = reinterpret_cast<float *>(smem + T::kFactorsOffset + consumer * T::kFactorsBytes);
            warpgroup_barrier(1 + consumer);  // every thread is done with the previous tile's factors
#pragma unroll
            for (int f = 0; f < 3; ++f) columns[f * T::kBN + t] = column_factors[f];
            warpgroup_barrier(1 + consumer);
            uint16_t *bf16_out = static_cast<uint16_t *>(out);
            store_m64_tile_bf16(top, epilogue, TileFactors{columns, {top_rows.rows[0], top_rows.rows[1]}}, bf16_out, m0,
                                n0, M, N);
            store_m64_tile_bf16(bottom, epilogue, TileFactors{columns, {bottom_rows.rows[0], bottom_rows.rows[1]}},
                                bf16_out, m0 + 64, n0, M, N);
        }
    }
#else
    (void)map_a; (void)map_b; (void)epilogue; (void)M; (void)N; (void)K; (void)out; (void)out_s32;
    __trap();
#endif
}

// Tensor maps of the int8 activations (box kBM rows) and weights (box kBN rows) for tile shape T.
template <class T>
ht_status encode_maps(const int8_t *xq, const int8_t *w, int M, int N, int K, CUtensorMap &map_a, CUtensorMap &map_b) {
    const ht_status status = encode_tile_map(&map_a, xq, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, M, K, T::kBM, "activations");
    if (status != HT_OK) return status;
    return encode_tile_map(&map_b, w, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, N, K, T::kBN, "weights");
}

}  // namespace

ht_status gemm_w8a8_wgmma(const int8_t *xq, const int8_t *w, const ht_epilogue &epilogue, int M, int N, int K,
                          void *out, bool out_s32, cudaStream_t stream) {
    int sms = 0;
    ht_status status = current_multiprocessors(sms);
    if (status != HT_OK) return status;
    CUtensorMap map_a, map_b;
    // ping-pong when every consumer warpgroup gets a tile (two per SM), else one 128 x 256 tile per block
    const int pingpong_tiles = ((N + PingPongTile::kBN - 1) / PingPongTile::kBN) *
                               ((M + PingPongTile::kBM - 1) / PingPongTile::kBM);
    if (pingpong_tiles >= 2 * sms) {
        using T = PingPongTile;
        status = encode_maps<T>(xq, w, M, N, K, map_a, map_b);
        if (status != HT_OK) return status;
        HT_TRY_CUDA(cudaFuncSetAttribute(gemm_w8a8_pingpong_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                         T::kSmemBytes));
        HT_TRY_CUDA(launch_after_previous(gemm_w8a8_pingpong_kernel, sms, T::kThreads, T::kSmemBytes, stream, map_a,
                                          map_b, epilogue, M, N, K, out, out_s32));
        return HT_OK;
    }
    using T = OneTile;
    status = encode_maps<T>(xq, w, M, N, K, map_a, map_b);
    if (status != HT_OK) return status;
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_w8a8_one_tile_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                     T::kSmemBytes));
    const int blocks = ((N + T::kBN - 1) / T::kBN) * ((M + T::kBM - 1) / T::kBM);
    HT_TRY_CUDA(launch_after_previous(gemm_w8a8_one_tile_kernel, blocks, T::kThreads, T::kSmemBytes, stream, map_a,
                                      map_b, epilogue, M, N, K, out, out_s32));
    return HT_OK;
}

}  // namespace ht
