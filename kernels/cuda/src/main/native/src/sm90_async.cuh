// Hopper (sm_90a) asynchronous-copy and barrier primitives shared by the wgmma GEMMs: mbarriers, bulk tensor
// copies (TMA), cluster ranks, barriers and distributed shared memory, the proxy fence that makes ordinary
// shared-memory stores visible to wgmma, and the shared-memory matrix descriptor of a K-major tile with 128-byte
// swizzle.
#pragma once

#include <cuda.h>

#include <cstdint>

namespace ht {

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
__device__ __forceinline__ uint32_t shared_u32(const void *p) { return static_cast<uint32_t>(__cvta_generic_to_shared(p)); }

__device__ __forceinline__ void mbarrier_init(uint32_t bar, uint32_t count) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count));
}
__device__ __forceinline__ void mbarrier_init_fence() { asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory"); }
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

// A stage ring's barriers, 8 bytes apart from full and from empty: thread 0 initializes them (full_arrivals and
// empty_arrivals arrivals per phase) and fences the initialization; then the whole block synchronizes.
__device__ __forceinline__ void init_ring_barriers(uint32_t full, uint32_t empty, int stages, uint32_t full_arrivals,
                                                   uint32_t empty_arrivals) {
    if (threadIdx.x == 0) {
        for (int s = 0; s < stages; ++s) {
            mbarrier_init(full + 8 * s, full_arrivals);
            mbarrier_init(empty + 8 * s, empty_arrivals);
        }
        mbarrier_init_fence();
    }
    __syncthreads();
}

// Box (inner, outer) of a 2-D tensor map into shared memory at dst; completion is counted on bar in bytes.
__device__ __forceinline__ void tma_load_2d(uint32_t dst, const CUtensorMap *map, int inner, int outer, uint32_t bar) {
    asm volatile(
        "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];\n" ::"r"(dst),
        "l"(reinterpret_cast<uint64_t>(map)), "r"(inner), "r"(outer), "r"(bar)
        : "memory");
}

// `bytes` contiguous bytes (a multiple of 16; both addresses 16-byte aligned) from global src into shared memory at
// dst with the bulk copy engine; completion is counted on bar in bytes.
__device__ __forceinline__ void bulk_copy_1d(uint32_t dst, const void *src, uint32_t bytes, uint32_t bar) {
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];\n" ::"r"(dst),
                 "l"(src), "r"(bytes), "r"(bar)
                 : "memory");
}

// Orders this thread's ordinary (generic-proxy) shared-memory stores before later async-proxy reads (wgmma).
__device__ __forceinline__ void fence_proxy_async_shared() { asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory"); }

// Thread-block clusters: this block's rank in its cluster and the cluster's size (1 without a cluster launch); a
// barrier over every thread of the cluster that orders shared-memory writes before it with reads after it, in any
// block of the cluster; and a float read from the shared memory of block `rank` at this block's own offset.
__device__ __forceinline__ int cluster_rank() {
    uint32_t rank;
    asm volatile("mov.u32 %0, %%cluster_ctarank;\n" : "=r"(rank));
    return static_cast<int>(rank);
}
__device__ __forceinline__ int cluster_size() {
    uint32_t size;
    asm volatile("mov.u32 %0, %%cluster_nctarank;\n" : "=r"(size));
    return static_cast<int>(size);
}
__device__ __forceinline__ void cluster_sync() {
    asm volatile("barrier.cluster.arrive.release.aligned;\nbarrier.cluster.wait.acquire.aligned;\n" ::: "memory");
}
// The shared::cluster address of `address` in block `rank` of this cluster.
__device__ __forceinline__ uint32_t cluster_shared_address(uint32_t address, int rank) {
    uint32_t remote;
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;\n" : "=r"(remote) : "r"(address), "r"(rank));
    return remote;
}
__device__ __forceinline__ float ld_shared_cluster_f32(uint32_t address, int rank) {
    float v;
    asm volatile("ld.shared::cluster.f32 %0, [%1];\n" : "=f"(v) : "r"(cluster_shared_address(address, rank)) : "memory");
    return v;
}
__device__ __forceinline__ float2 ld_shared_cluster_f32x2(uint32_t address, int rank) {
    float2 v;
    asm volatile("ld.shared::cluster.v2.f32 {%0, %1}, [%2];\n"
                 : "=f"(v.x), "=f"(v.y)
                 : "r"(cluster_shared_address(address, rank))
                 : "memory");
    return v;
}

// A barrier over the 128 threads of one warpgroup: named barrier `id` (1..15; 0 is __syncthreads').
__device__ __forceinline__ void warpgroup_barrier(int id) { asm volatile("bar.sync %0, 128;\n" ::"r"(id) : "memory"); }

// Shared-memory matrix descriptor: K-major, 128-byte swizzle, 8-row groups 1024 bytes apart.
__device__ __forceinline__ uint64_t smem_descriptor(uint32_t address) {
    return (static_cast<uint64_t>((address & 0x3FFFF) >> 4)) | (1ull << 16) | (64ull << 32) | (1ull << 62);
}
#endif

}  // namespace ht
