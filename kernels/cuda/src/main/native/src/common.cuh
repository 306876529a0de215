// Internal helpers shared by the CUDA sources: error reporting into ht_last_error and argument checks.
#pragma once

#include <cuda_runtime.h>
#include <string>

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

}  // namespace ht

// Returns HT_ERR_INVALID_ARGUMENT with message when cond does not hold.
#define HT_REQUIRE(cond, message)                                                  \
    do {                                                                           \
        if (!(cond)) return ::ht::fail(HT_ERR_INVALID_ARGUMENT, std::string(__func__) + ": " + (message)); \
    } while (0)
