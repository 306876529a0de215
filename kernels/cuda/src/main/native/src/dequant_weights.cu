// Weights [N][K] in a stored format -> bf16 [n1 - n0][K] for the dequantizing GEMM (dequant_linear.cu). The GGUF,
// NF4 and FP8 formats reuse the mma.sync GEMM's bf16 decoders (weight_decoders.cuh), so every weight is the bf16
// value that format's fused kernels multiply; packed Q4_K has its own kernel (dequant_q4k_packed.cu). One thread
// per 32 weights (a decoder's half tile): fetch and decode into shared memory, then the block's coalesced store.
#include "common.cuh"
#include "dequant_linear.cuh"
#include "weight_decoders.cuh"

namespace ht {
namespace {

constexpr int kItemWeights = 32;  // a decoder's half tile: K 64 kt + 32 half .. + 31 of one channel, in order

constexpr int kBlockItems = 256;

// Each thread decodes one item into shared memory; the block's items are consecutive in the output (rows follow
// each other with no gap), so the block then stores its 16 KB as one coalesced run of 16-byte vectors.
template <class Decoder>
__global__ void __launch_bounds__(kBlockItems) dequant_weights_kernel(GemmParams p, int n0, size_t items,
                                                                      uint4 *__restrict__ out) {
    static_assert(!Decoder::kS8, "the dequantizing GEMM takes the bf16 decoders");
    constexpr int kVectors = kItemWeights * 2 / 16;  // 16-byte vectors an item fills
    __shared__ uint4 staged[kBlockItems * kVectors];
    const int items_per_row = p.K / kItemWeights;
    const size_t first = static_cast<size_t>(blockIdx.x) * kBlockItems, item = first + threadIdx.x;
    if (item < items) {
        const int row = static_cast<int>(item / items_per_row), i = static_cast<int>(item % items_per_row);
        const int kt = i / 2, half = i % 2;
        uint32_t values[16];
        float2 unused[2];
        Decoder::decode(Decoder::fetch(p, n0 + row, kt, half), p, n0 + row, kt, half, values, unused);
#pragma unroll
        for (int v = 0; v < kVectors; ++v)
            staged[kVectors * threadIdx.x + v] = make_uint4(values[4 * v], values[4 * v + 1], values[4 * v + 2], values[4 * v + 3]);
    }
    __syncthreads();
    const size_t vectors = (items - first < kBlockItems ? items - first : kBlockItems) * kVectors;
#pragma unroll
    for (int v = 0; v < kVectors; ++v) {
        const size_t j = static_cast<size_t>(v) * kBlockItems + threadIdx.x;
        if (j < vectors) out[first * kVectors + j] = staged[j];
    }
}

template <class Decoder>
ht_status launch(const void *w, const void *w_aux, int K, int n0, int n1, uint16_t *out, cudaStream_t stream,
                 const char *name) {
    GemmParams p{};
    p.b = w;
    p.b_aux = w_aux;
    p.K = K;
    const size_t items = static_cast<size_t>(n1 - n0) * (K / kItemWeights);
    dequant_weights_kernel<Decoder><<<static_cast<unsigned>((items + kBlockItems - 1) / kBlockItems), kBlockItems, 0,
                                      stream>>>(p, n0, items, reinterpret_cast<uint4 *>(out));
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
