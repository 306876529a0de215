// ht_gemm_dequant_bf16's two steps, a slab of channels at a time: the slab's weights to bf16 in the caller's
// scratch (dequantize_weights), then cuBLASLt multiplies the activations with that slab into the slab's columns of
// the output (cublaslt_linear.cu), the bias fused. With thousands of tokens the GEMM is compute-bound, so the
// weights' extra trip through memory costs a few percent, and cuBLAS's bf16 GEMM is the fastest there is; a slab
// small enough to stay in L2 keeps the weights read from DRAM in their stored format.
#include <algorithm>

#include "common.cuh"
#include "dequant_linear.cuh"

namespace ht {
namespace {

// Channels per slab: as many as the scratch holds after cuBLASLt's workspace, a multiple of 128 so every slab after
// the first starts 256-byte aligned in the output and bias (the alignment cuBLASLt's fastest kernels take) and on a
// packed Q4_K group, at most N; 0 when the scratch is too small for one slab.
int dequant_slab_channels(int N, int K, size_t scratch_bytes) {
    if (scratch_bytes < HT_CUBLASLT_WORKSPACE_BYTES) return 0;
    const size_t fit = (scratch_bytes - HT_CUBLASLT_WORKSPACE_BYTES) / (2 * static_cast<size_t>(K));
    if (fit >= static_cast<size_t>(N)) return N;
    return static_cast<int>(fit / 128 * 128);
}

}  // namespace

ht_status gemm_dequant_bf16(ht_weight_format format, const uint16_t *x, const void *w, const void *w_aux,
                            const uint16_t *bias, int M, int N, int K, uint16_t *out, void *scratch,
                            size_t scratch_bytes, cudaStream_t stream) {
    const int slab = dequant_slab_channels(N, K, scratch_bytes);
    if (slab == 0) return fail(HT_ERR_INVALID_ARGUMENT, "gemm_dequant_bf16: the scratch holds no slab of weights");
    uint16_t *weights = reinterpret_cast<uint16_t *>(static_cast<char *>(scratch) + HT_CUBLASLT_WORKSPACE_BYTES);
    for (int n0 = 0; n0 < N; n0 += slab) {
        const int n1 = std::min(N, n0 + slab);
        ht_status status = dequantize_weights(format, w, w_aux, K, n0, n1, weights, stream);
        if (status != HT_OK) return status;
        status = bf16_linear_cublaslt(x, weights, bias != nullptr ? bias + n0 : nullptr, M, n1 - n0, K, N, out + n0,
                                      scratch, HT_CUBLASLT_WORKSPACE_BYTES, stream);
        if (status != HT_OK) return status;
    }
    return HT_OK;
}

}  // namespace ht
