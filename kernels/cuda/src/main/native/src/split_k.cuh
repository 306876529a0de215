// Split-K for the small-M GEMMs: when the output tiles alone cannot fill the GPU, blocks split K over gridDim.z
// and add their sums atomically into a stream-ordered scratch buffer [M][N] (int32 for W8A8, so the result stays
// exact; float otherwise); a second kernel then applies the epilogue. Used by gemm_mma.cuh.
#pragma once

#include "common.cuh"
#include "epilogue.cuh"
#include "weight_decoders.cuh"

namespace ht {

// Delivers the sums of row m, columns (n, n + 1): into the split-K scratch when there is one, else through the
// epilogue to out.
template <typename Acc>
__device__ __forceinline__ void emit_pair(const GemmParams &p, Acc v0, Acc v1, int m, int n) {
    if (p.partial != nullptr) {
        Acc *sum = static_cast<Acc *>(p.partial) + static_cast<size_t>(m) * p.N + n;
        atomicAdd(sum, v0);
        atomicAdd(sum + 1, v1);
    } else {
        store_pair(p.epilogue, p.out, p.out_s32, v0, v1, m, n, p.N);
    }
}

// Applies the epilogue to split-K sums: out[m][n] = epilogue(partial[m][n]) as bf16, or the int32 sums as they are.
template <typename Acc>
__global__ void finish_split_k_kernel(const GemmParams p) {
    const long long pair = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
    if (pair * 2 >= static_cast<long long>(p.M) * p.N) return;
    const int m = static_cast<int>((pair * 2) / p.N), n = static_cast<int>((pair * 2) % p.N);
    const Acc *sum = static_cast<const Acc *>(p.partial) + static_cast<size_t>(m) * p.N + n;
    store_pair(p.epilogue, p.out, p.out_s32, sum[0], sum[1], m, n, p.N);
}

// Runs launch(p) (which must only launch, so cudaGetLastError reports it) with p.partial set to a zeroed scratch
// buffer when splits > 1, then the finishing kernel; the scratch is freed on the stream in every case.
template <typename Acc, class Launch>
ht_status launch_split_k(GemmParams p, int splits, cudaStream_t stream, const char *name, Launch launch) {
    const size_t partial_bytes = static_cast<size_t>(p.M) * p.N * sizeof(Acc);
    p.partial = nullptr;
    if (splits > 1) {
        HT_TRY_CUDA(cudaMallocAsync(&p.partial, partial_bytes, stream));
        HT_TRY_CUDA(cudaMemsetAsync(p.partial, 0, partial_bytes, stream));
    }
    launch(p);
    cudaError_t error = cudaGetLastError();
    if (error == cudaSuccess && splits > 1) {
        const long long pairs = static_cast<long long>(p.M) * p.N / 2;
        finish_split_k_kernel<Acc><<<static_cast<unsigned>((pairs + 255) / 256), 256, 0, stream>>>(p);
        error = cudaGetLastError();
        if (error != cudaSuccess) name = "finish_split_k_kernel";
    }
    if (p.partial != nullptr) {
        const cudaError_t freed = cudaFreeAsync(p.partial, stream);
        if (error == cudaSuccess && freed != cudaSuccess) return fail_cuda(freed, name, "cudaFreeAsync of the split-K sums");
    }
    if (error != cudaSuccess) return fail_cuda(error, name, "the launch");
    return HT_OK;
}

}  // namespace ht
