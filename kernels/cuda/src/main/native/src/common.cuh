// Internal helpers shared by the CUDA sources: error reporting into ht_last_error and argument checks.
#pragma once

#include <cuda_runtime.h>
#include <string>
#include <utility>

#include "halftone/halftone_cuda.h"

namespace ht {

// Records message as the calling thread's last error and returns status.
ht_status fail(ht_status status, const std::string &message);

// Records "<function>: <what> failed: <CUDA error name>: <CUDA error text>" and returns HT_ERR_CUDA.
ht_status fail_cuda(cudaError_t error, const char *function, const char *what);

}  // namespace ht

// Runs a CUDA runtime call and returns HT_ERR_CUDA with the CUDA message when it fails.
#define HT_TRY_CUDA(call)                                          \
    do {                                                           \
        cudaError_t ht_error_ = (call);                            \
        if (ht_error_ != cudaSuccess) return ::ht::fail_cuda(ht_error_, __func__, #call); \
    } while (0)

// Checks the launch that just happened (bad configuration, missing kernel image, ...).
#define HT_CHECK_LAUNCH(kernel_name)                                                    \
    do {                                                                              \
        cudaError_t ht_error_ = cudaGetLastError();                                   \
        if (ht_error_ != cudaSuccess) return ::ht::fail_cuda(ht_error_, __func__, "launch of " kernel_name); \
    } while (0)

namespace ht {

// The current device's SM count, for grids sized to the GPU (an attribute query: no synchronization).
inline ht_status current_multiprocessors(int &count) {
    int device = 0;
    HT_TRY_CUDA(cudaGetDevice(&device));
    HT_TRY_CUDA(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, device));
    return HT_OK;
}

// The current device's compute capability (attribute queries: no synchronization).
inline ht_status current_compute_capability(int &major, int &minor) {
    int device = 0;
    HT_TRY_CUDA(cudaGetDevice(&device));
    HT_TRY_CUDA(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
    HT_TRY_CUDA(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device));
    return HT_OK;
}

// Launches kernel as a programmatic dependent of the stream's previous kernel (sm_90 and later): its launch and
// prologue overlap the end of that one, and it must call wait_for_previous_grids (below) before it reads
// anything a previous kernel wrote. The W8A8 GEMM after the activation quantization: fused linear 2-3% faster on an
// H200 (docs/benchmarks.md, thirty-fourth run). The previous kernel could also let it launch before its own end
// (griddepcontrol.launch_dependents); from the quantization's block start that made the fused linear up to 20% slower.
template <typename... Params, typename... Args>
cudaError_t launch_after_previous(void (*kernel)(Params...), dim3 grid, dim3 block, size_t shared_bytes,
                                  cudaStream_t stream, Args &&...args) {
    cudaLaunchAttribute attribute = {};
    attribute.id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attribute.val.programmaticStreamSerializationAllowed = 1;
    cudaLaunchConfig_t config = {};
    config.gridDim = grid;
    config.blockDim = block;
    config.dynamicSmemBytes = shared_bytes;
    config.stream = stream;
    config.attrs = &attribute;
    config.numAttrs = 1;
    return cudaLaunchKernelEx(&config, kernel, std::forward<Args>(args)...);
}

// In a kernel launched by launch_after_previous: returns once the grids it was launched after have completed and
// their memory writes are visible; at once when it was launched normally, and on devices before sm_90 (which have no
// programmatic launches). Nothing a previous kernel writes may be read before it.
__device__ __forceinline__ void wait_for_previous_grids() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

// In a kernel whose successor is launched by launch_after_previous: lets that successor's blocks start now (they then
// wait in wait_for_previous_grids, which still waits for this grid's end and writes); without it they start as this
// grid's blocks exit. No-op before sm_90.
__device__ __forceinline__ void let_dependents_launch() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

}  // namespace ht

// Returns HT_ERR_INVALID_ARGUMENT with message when cond does not hold.
#define HT_REQUIRE(cond, message)                                                  \
    do {                                                                           \
        if (!(cond)) return ::ht::fail(HT_ERR_INVALID_ARGUMENT, std::string(__func__) + ": " + (message)); \
    } while (0)
