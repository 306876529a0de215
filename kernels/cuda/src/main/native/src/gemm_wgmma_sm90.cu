// The Hopper (sm_90a) W8A8 GEMM: bulk tensor copies (TMA) into a 4-stage 128-byte-swizzled shared ring,
// wgmma m64n256k32 s8 x s8 -> s32 from shared memory, warp-specialized (one producer warpgroup, two consumer
// warpgroups of 64 x 256 each), one 128 x 256 x 128 tile per block, and the same fused epilogue as the mma.sync
// path written straight from the accumulators. Two variants measured slower on an H100 (2026-11-25, docs/gpu.md):
// a persistent grid whose producer prefetches the next tile during the epilogue (9-38% slower, register spills in
// the consumer loop) and an epilogue staged through shared memory for 16-byte stores (up to 1.9x slower, cause not
// yet found), so this one stays until a profiler run explains them.
#include <cuda.h>
#include <cudaTypedefs.h>

#include <string>

#include "epilogue.cuh"
#include "gemm_paths.cuh"
#include "wgmma_s8.cuh"

namespace ht {
namespace {

constexpr int kBM = 128, kBN = 256, kBK = 128, kStages = 4;
constexpr int kThreads = 384;  // warpgroup 0 loads, warpgroups 1 and 2 multiply
constexpr int kABytes = kBM * kBK, kBBytes = kBN * kBK, kStageBytes = kABytes + kBBytes;
constexpr int kSmemBytes = kStages * kStageBytes + 1024 /* 1024-byte alignment slack */ + 2 * kStages * 8;

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
__device__ __forceinline__ uint32_t shared_u32(const void *p) { return static_cast<uint32_t>(__cvta_generic_to_shared(p)); }
__device__ __forceinline__ void mbarrier_init(uint32_t bar, uint32_t count) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count));
}
__device__ __forceinline__ void mbarrier_expect_tx(uint32_t bar, uint32_t bytes) {
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes) : "memory");
}
__device__ __forceinline__ void mbarrier_arrive(uint32_t bar) {
    asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}
__device__ __forceinline__ void mbarrier_wait(uint32_t bar, uint32_t parity) {
    uint32_t done = 0;
    while (!done) {
        asm volatile(
            "{\n.reg .pred p;\nmbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\nselp.u32 %0, 1, 0, p;\n}\n"
            : "=r"(done)
            : "r"(bar), "r"(parity)
            : "memory");
    }
}
__device__ __forceinline__ void tma_load_2d(uint32_t dst, const CUtensorMap *map, int inner, int outer, uint32_t bar) {
    asm volatile(
        "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];\n" ::"r"(dst),
        "l"(reinterpret_cast<uint64_t>(map)), "r"(inner), "r"(outer), "r"(bar)
        : "memory");
}
// Shared-memory matrix descriptor: K-major, 128-byte swizzle, 8-row groups 1024 bytes apart.
__device__ __forceinline__ uint64_t smem_descriptor(uint32_t address) {
    return (static_cast<uint64_t>((address & 0x3FFFF) >> 4)) | (1ull << 16) | (64ull << 32) | (1ull << 62);
}
#endif

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
    const int m0 = blockIdx.y * kBM, n0 = blockIdx.x * kBN;
    const int tiles = K / kBK;

    if (threadIdx.x == 0) {
        for (int s = 0; s < kStages; ++s) {
            mbarrier_init(shared_u32(&full[s]), 1);
            mbarrier_init(shared_u32(&empty[s]), 2);
        }
        asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
    }
    __syncthreads();

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
            asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#pragma unroll
            for (int k = 0; k < kBK / 32; ++k)
                wgmma_m64n256k32_s8(acc, smem_descriptor(a + 32 * k), smem_descriptor(b + 32 * k), kt > 0 || k > 0);
            asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
            asm volatile("wgmma.wait_group.sync.aligned 1;\n" ::: "memory");
            // Tile kt - 1's products are complete: its stage can be refilled.
            if (kt > 0 && threadIdx.x % 128 == 0) mbarrier_arrive(shared_u32(&empty[(kt - 1) % kStages]));
        }
        asm volatile("wgmma.wait_group.sync.aligned 0;\n" ::: "memory");

        const int warp = (threadIdx.x / 32) % 4, lane = threadIdx.x % 32;
#pragma unroll
        for (int j = 0; j < 32; ++j)
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int m = m0 + row0 + warp * 16 + lane / 4 + 8 * h;
                const int n = n0 + j * 8 + (lane % 4) * 2;
                if (m < M && n < N) store_pair(epilogue, out, out_s32, acc[4 * j + 2 * h], acc[4 * j + 2 * h + 1], m, n, N);
            }
    }
#else
    (void)map_a; (void)map_b; (void)epilogue; (void)M; (void)N; (void)K; (void)out; (void)out_s32;
    __trap();
#endif
}

// cuTensorMapEncodeTiled, looked up once through the runtime so the library needs no link to libcuda.
PFN_cuTensorMapEncodeTiled_v12000 encode_tiled_function() {
    static PFN_cuTensorMapEncodeTiled_v12000 function = [] {
        void *pointer = nullptr;
        cudaDriverEntryPointQueryResult query;
        if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &pointer, 12000, cudaEnableDefault, &query) !=
                cudaSuccess ||
            query != cudaDriverEntryPointSuccess) {
            return static_cast<PFN_cuTensorMapEncodeTiled_v12000>(nullptr);
        }
        return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(pointer);
    }();
    return function;
}

// Row-major int8 [rows][K] as a 2-D tensor map with a box of box_rows x 128 bytes, 128-byte swizzle.
ht_status encode_map(CUtensorMap *map, const int8_t *base, int rows, int K, int box_rows, const char *what) {
    const auto encode = encode_tiled_function();
    if (encode == nullptr) return fail(HT_ERR_CUDA, "cuTensorMapEncodeTiled is not available from the driver");
    const cuuint64_t dims[2] = {static_cast<cuuint64_t>(K), static_cast<cuuint64_t>(rows)};
    const cuuint64_t strides[1] = {static_cast<cuuint64_t>(K)};
    const cuuint32_t box[2] = {static_cast<cuuint32_t>(kBK), static_cast<cuuint32_t>(box_rows)};
    const cuuint32_t element_strides[2] = {1, 1};
    const CUresult result = encode(map, CU_TENSOR_MAP_DATA_TYPE_UINT8, 2, const_cast<int8_t *>(base), dims, strides, box,
                                   element_strides, CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
                                   CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
    if (result != CUDA_SUCCESS)
        return fail(HT_ERR_CUDA, std::string("cuTensorMapEncodeTiled for ") + what + " failed with CUresult " +
                                     std::to_string(static_cast<int>(result)));
    return HT_OK;
}

}  // namespace

ht_status gemm_w8a8_wgmma(const int8_t *xq, const int8_t *w, const ht_epilogue &epilogue, int M, int N, int K,
                          void *out, bool out_s32, cudaStream_t stream) {
    CUtensorMap map_a, map_b;
    ht_status status = encode_map(&map_a, xq, M, K, kBM, "activations");
    if (status != HT_OK) return status;
    status = encode_map(&map_b, w, N, K, kBN, "weights");
    if (status != HT_OK) return status;
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_w8a8_wgmma_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmemBytes));
    const dim3 grid((N + kBN - 1) / kBN, (M + kBM - 1) / kBM);
    gemm_w8a8_wgmma_kernel<<<grid, kThreads, kSmemBytes, stream>>>(map_a, map_b, epilogue, M, N, K, out, out_s32);
    HT_CHECK_LAUNCH("gemm_w8a8_wgmma_kernel");
    return HT_OK;
}

}  // namespace ht
