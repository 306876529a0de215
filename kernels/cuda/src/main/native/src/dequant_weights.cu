// Weights [N][K] in a stored format -> bf16 [n1 - n0][K] for the dequantizing GEMM (dequant_linear.cu). The GGUF,
// NF4 and FP8 formats reuse the mma.sync GEMM's bf16 decoders (weight_decoders.cuh), so every weight is the bf16
// value that format's fused kernels multiply; packed Q4_K has its own kernel (dequant_q4k_packed.cu). One thread
// per 32 weights (a decoder's half tile): fetch, decode, four 16-byte stores.
#include "common.cuh"
#include "dequant_linear.cuh"
#include "weight_decoders.cuh"

namespace ht {
namespace {

constexpr int kItemWeights = 32;  // a decoder's half tile: K 64 kt + 32 half .. + 31 of one channel, in order

template <class Decoder>
__global__ void __launch_bounds__(256) dequant_weights_kernel(GemmParams p, int n0, int rows, uint16_t *__restrict__ out) {
    static_assert(!Decoder::kS8, "the dequantizing GEMM takes the bf16 decoders");
    const int items_per_row = p.K / kItemWeights;
    const size_t item = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (item >= static_cast<size_t>(rows) * items_per_row) return;
    const int row = static_cast<int>(item / items_per_row), i = static_cast<int>(item % items_per_row);
    const int kt = i / 2, half = i % 2;
    uint32_t values[16];
    float2 unused[2];
    Decoder::decode(Decoder::fetch(p, n0 + row, kt, half), p, n0 + row, kt, half, values, unused);
    uint4 *dst = reinterpret_cast<uint4 *>(out + static_cast<size_t>(row) * p.K + kItemWeights * i);
#pragma unroll
    for (int v = 0; v < 4; ++v) dst[v] = make_uint4(values[4 * v], values[4 * v + 1], values[4 * v + 2], values[4 * v + 3]);
}

template <class Decoder>
ht_status launch(const void *w, const void *w_aux, int K, int n0, int n1, uint16_t *out, cudaStream_t stream,
                 const char *name) {
    GemmParams p{};
    p.b = w;
    p.b_aux = w_aux;
    p.K = K;
    const size_t items = static_cast<size_t>(n1 - n0) * (K / kItemWeights);
    dequant_weights_kernel<Decoder><<<static_cast<unsigned>((items + 255) / 256), 256, 0, stream>>>(p, n0, n1 - n0, out);
    const cudaError_t error = cudaGetLastError();
    if (error != cudaSuccess) return fail_cuda(error, __func__, name);
    return HT_OK;
}

}  // namespace

ht_status dequantize_weights(ht_weight_format format, const void *w, const void *w_aux, int K, int n0, int n1,
                             uint16_t *out, cudaStream_t stream) {
    switch (format) {
        case HT_WEIGHTS_Q8_0: return launch<Q8_0ToBf16>(w, w_aux, K, n0, n1, out, stream, "launch of dequant_weights_kernel<q8_0>");
        case HT_WEIGHTS_Q4_K: return launch<Q4KToBf16>(w, w_aux, K, n0, n1, out, stream, "launch of dequant_weights_kernel<q4_K>");
        case HT_WEIGHTS_NF4: return launch<Nf4ToBf16>(w, w_aux, K, n0, n1, out, stream, "launch of dequant_weights_kernel<nf4>");
        case HT_WEIGHTS_FP8: return launch<Fp8ToBf16>(w, w_aux, K, n0, n1, out, stream, "launch of dequant_weights_kernel<fp8>");
        case HT_WEIGHTS_Q4_K_PACKED: return dequantize_q4_K_packed(w, K, n0, n1, out, stream);
    }
    return fail(HT_ERR_INVALID_ARGUMENT, "dequantize_weights: unknown weight format " + std::to_string(format));
}

}  // namespace ht
