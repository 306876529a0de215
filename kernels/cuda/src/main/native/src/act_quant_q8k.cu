// The Q8_K-style activation quantization of q8k_activations.cuh as a pass of its own: one warp per token and
// super-block (q8k_quantize.cuh).
#include "common.cuh"
#include "q8k_activations.cuh"
#include "q8k_quantize.cuh"

namespace ht {
namespace {

constexpr int kWarpsPerBlock = 8;

__global__ void __launch_bounds__(32 * kWarpsPerBlock)
    quantize_q8k_kernel(const uint16_t *__restrict__ x, int M, int K, const Q8KActivations a) {
    __shared__ uint8_t reordered[kWarpsPerBlock][HT_QK_K];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int super_blocks = K / HT_QK_K;
    const long long item = static_cast<long long>(blockIdx.x) * kWarpsPerBlock + warp;
    if (item >= static_cast<long long>(a.rows) * super_blocks) return;  // whole warps only
    const int row = static_cast<int>(item / super_blocks), sb = static_cast<int>(item % super_blocks);
    wait_for_previous_grids();  // x may be the output of the kernel before this one
    let_dependents_launch();    // the GEMM's blocks may start copying their weights

    uint4 raw = make_uint4(0, 0, 0, 0);
    if (row < M) raw = __ldg(reinterpret_cast<const uint4 *>(x + static_cast<size_t>(row) * K + sb * HT_QK_K) + lane);
    q8k_quantize_token(raw, q8k_unit(a, sb, row / kQ8KTokenTile), row % kQ8KTokenTile, reordered[warp], lane);
}

}  // namespace

ht_status quantize_q8k(const uint16_t *x, int M, int K, const Q8KActivations &a, cudaStream_t stream) {
    const long long warps = static_cast<long long>(a.rows) * (K / HT_QK_K);
    const unsigned blocks = static_cast<unsigned>((warps + kWarpsPerBlock - 1) / kWarpsPerBlock);
    int major = 0, minor = 0;
    const ht_status status = current_compute_capability(major, minor);
    if (status != HT_OK) return status;
    if (major >= 9) {  // a programmatic dependent launch, as the per-token quantization (act_quant.cu)
        HT_TRY_CUDA(launch_after_previous(quantize_q8k_kernel, dim3(blocks), dim3(32 * kWarpsPerBlock), 0, stream, x,
                                          M, K, a));
    } else {
        quantize_q8k_kernel<<<blocks, 32 * kWarpsPerBlock, 0, stream>>>(x, M, K, a);
        HT_CHECK_LAUNCH("quantize_q8k_kernel");
    }
    return HT_OK;
}

}  // namespace ht
