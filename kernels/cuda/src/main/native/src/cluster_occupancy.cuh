// How many thread-block clusters of a kernel the current GPU holds at once. A GPC must hold a whole cluster, so this
// is less than SMs x blocks an SM / cluster size (on an H100, 62 clusters of 4 blocks at two blocks an SM, not 66):
// a grid of more clusters runs a second wave, which doubles a small-M GEMM's time (docs/benchmarks.md, fifty-sixth
// run). The split-K kernels size their clusters with it.
#pragma once

#include <atomic>

#include <cuda_runtime.h>

#include "common.cuh"

namespace ht {

// Clusters of `splits` blocks of Kernel (threads a block, dynamic shared memory as given, the kernel's
// cudaFuncAttributeMaxDynamicSharedMemorySize already set) resident at once on the current device; cached per
// device and cluster size (each Kernel instance has its own cache).
template <auto Kernel>
ht_status max_active_clusters(int splits, int threads, size_t shared_bytes, int &clusters) {
    constexpr int kDevices = 64, kMaxClusterSize = 8;
    static std::atomic<int> cache[kDevices][kMaxClusterSize + 1];  // 0: not yet asked
    int device = 0;
    HT_TRY_CUDA(cudaGetDevice(&device));
    std::atomic<int> *slot = device < kDevices && splits <= kMaxClusterSize ? &cache[device][splits] : nullptr;
    if (slot != nullptr && (clusters = slot->load(std::memory_order_relaxed)) > 0) return HT_OK;
    cudaLaunchAttribute cluster = {};
    cluster.id = cudaLaunchAttributeClusterDimension;
    cluster.val.clusterDim.x = splits;
    cluster.val.clusterDim.y = 1;
    cluster.val.clusterDim.z = 1;
    cudaLaunchConfig_t config = {};
    config.gridDim = dim3(splits);
    config.blockDim = dim3(threads);
    config.dynamicSmemBytes = shared_bytes;
    config.attrs = &cluster;
    config.numAttrs = 1;
    HT_TRY_CUDA(cudaOccupancyMaxActiveClusters(&clusters, Kernel, &config));
    if (slot != nullptr) slot->store(clusters, std::memory_order_relaxed);
    return HT_OK;
}

}  // namespace ht
