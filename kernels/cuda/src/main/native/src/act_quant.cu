// Fused per-token activation quantization (SmoothQuant inverse scale, max|x|, int8, scale, 32-wide sums)
// in one kernel: one block per token row, the row read from memory once into registers.
#include <cuda_bf16.h>

#include "act_quant.cuh"

namespace ht {
namespace {

constexpr int kVec = 8;  // bf16 values per 16-byte load

__device__ __forceinline__ float bf16_bits_to_float(uint32_t bits16) { return __uint_as_float(bits16 << 16); }

// v[e] = x * smooth_inverse for the 8 values of 16-byte chunk `chunk` (exact float products, no FMA), or x itself
// without SmoothQuant (x * 1 would be the same value: skipping it is exact).
template <bool SMOOTH>
__device__ __forceinline__ void smoothed_chunk(const uint4 raw, const float *__restrict__ smooth_inverse, int chunk,
                                               float (&v)[kVec]) {
    const uint32_t words[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int e = 0; e < kVec; ++e) v[e] = bf16_bits_to_float((e & 1) ? (words[e / 2] >> 16) : (words[e / 2] & 0xFFFFu));
    if (SMOOTH) {
        const float4 i0 = reinterpret_cast<const float4 *>(smooth_inverse)[2 * chunk];
        const float4 i1 = reinterpret_cast<const float4 *>(smooth_inverse)[2 * chunk + 1];
        const float inv[kVec] = {i0.x, i0.y, i0.z, i0.w, i1.x, i1.y, i1.z, i1.w};
#pragma unroll
        for (int e = 0; e < kVec; ++e) v[e] = __fmul_rn(v[e], inv[e]);
    }
}

// The low bytes of four ints, packed little-endian into one word.
__device__ __forceinline__ uint32_t pack_low_bytes(int b0, int b1, int b2, int b3) {
    return __byte_perm(__byte_perm(b0, b1, 0x0040), __byte_perm(b2, b3, 0x0040), 0x5410);
}

// One block per row. Each thread owns CHUNKS 16-byte chunks (8 values each) at chunk index tid + c * THREADS,
// so 4 neighbouring threads cover one 32-value block (for block_sums). THREADS = 128 up to K = 4096: on an H200
// 25% faster at K = 3072 and 12% at 4096 than 256 threads, which left a quarter of them idle at 3072 (7.8-8.5
// against 10.4-11.5 us at M = 4096; docs/benchmarks.md, thirty-eighth run).
template <int THREADS, int CHUNKS, bool SMOOTH>
__global__ void __launch_bounds__(THREADS) quantize_rows_kernel(const uint16_t *__restrict__ x,
                                                                 const float *__restrict__ smooth_inverse, int K,
                                                                 int8_t *__restrict__ xq, float *__restrict__ x_scale,
                                                                 int32_t *__restrict__ block_sums) {
    wait_for_previous_grids();  // x may be the output of the kernel before this one (launch_after_previous)
    const int row = blockIdx.x;
    const int tid = threadIdx.x;
    const int chunks_per_row = K / kVec;
    const uint4 *src = reinterpret_cast<const uint4 *>(x + static_cast<size_t>(row) * K);

    // The row stays in registers as raw bf16 (4 registers a chunk); v is recomputed in the second pass.
    uint4 raw[CHUNKS];
    float amax = 0.0f;
#pragma unroll
    for (int c = 0; c < CHUNKS; ++c) {
        const int chunk = tid + c * THREADS;
        if (chunk < chunks_per_row) {
            raw[c] = src[chunk];
            float v[kVec];
            smoothed_chunk<SMOOTH>(raw[c], smooth_inverse, chunk, v);
#pragma unroll
            for (int e = 0; e < kVec; ++e) amax = fmaxf(amax, fabsf(v[e]));
        }
    }

    // Block-wide max: warp shuffle, then one value per warp through shared memory.
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) amax = fmaxf(amax, __shfl_xor_sync(0xffffffffu, amax, offset));
    __shared__ float warp_max[THREADS / 32];
    if ((tid & 31) == 0) warp_max[tid >> 5] = amax;
    __syncthreads();
    amax = warp_max[0];
#pragma unroll
    for (int w = 1; w < THREADS / 32; ++w) amax = fmaxf(amax, warp_max[w]);

    const float scale = __fdiv_rn(amax, 127.0f);
    // One division per row, a multiplication per value (ggml's id = 1/d). For a subnormal amax the reciprocal can
    // be inf: v * inf saturates to +-127 after the clamp, and 0 * inf = NaN converts to 0, as in the Java reference.
    // An all-zero (or all-NaN) row gets 0 here, so every value quantizes to 0 (NaN * 0 is NaN, which converts to 0).
    const float inverse_scale = amax > 0.0f ? __fdiv_rn(127.0f, amax) : 0.0f;
    if (tid == 0) x_scale[row] = scale;

    int8_t *dst_row = xq + static_cast<size_t>(row) * K;
#pragma unroll
    for (int c = 0; c < CHUNKS; ++c) {
        const int chunk = tid + c * THREADS;
        int sum = 0;
        if (chunk < chunks_per_row) {
            float v[kVec];
            smoothed_chunk<SMOOTH>(raw[c], smooth_inverse, chunk, v);
            int q[kVec];
#pragma unroll
            for (int e = 0; e < kVec; ++e) {
                // rint: round half to even; |v| * 127 / amax <= 127 up to rounding, so the clamp acts only then.
                q[e] = max(-127, min(127, __float2int_rn(__fmul_rn(v[e], inverse_scale))));
                sum += q[e];
            }
            reinterpret_cast<uint2 *>(dst_row)[chunk] =
                make_uint2(pack_low_bytes(q[0], q[1], q[2], q[3]), pack_low_bytes(q[4], q[5], q[6], q[7]));
        }
        if (block_sums != nullptr) {
            // Chunks 4j..4j+3 (lanes 4j..4j+3 of a warp, since THREADS is a multiple of 32) form 32-block j.
            sum += __shfl_xor_sync(0xffffffffu, sum, 1);
            sum += __shfl_xor_sync(0xffffffffu, sum, 2);
            if (chunk < chunks_per_row && (chunk & 3) == 0)
                block_sums[static_cast<size_t>(row) * (K / 32) + chunk / 4] = sum;
        }
    }
}

// From sm_90 on, a programmatic dependent launch (launch_after_previous): the launch overlaps the end of the
// kernel before it, which the GEMM after this one does too.
template <int THREADS, int CHUNKS>
ht_status launch(const uint16_t *x, const float *smooth_inverse, int M, int K, int8_t *xq, float *x_scale,
                 int32_t *block_sums, cudaStream_t stream) {
    int major = 0, minor = 0;
    const ht_status status = current_compute_capability(major, minor);
    if (status != HT_OK) return status;
    const auto kernel = smooth_inverse != nullptr ? quantize_rows_kernel<THREADS, CHUNKS, true>
                                             : quantize_rows_kernel<THREADS, CHUNKS, false>;
    if (major >= 9) {
        HT_TRY_CUDA(launch_after_previous(kernel, M, THREADS, 0, stream, x, smooth_inverse, K, xq, x_scale, block_sums));
    } else {
        kernel<<<M, THREADS, 0, stream>>>(x, smooth_inverse, K, xq, x_scale, block_sums);
        HT_CHECK_LAUNCH("quantize_rows_kernel");
    }
    return HT_OK;
}

}  // namespace

ht_status quantize_activations(const uint16_t *x, const float *smooth_inverse, int M, int K, int8_t *xq,
                               float *x_scale, int32_t *block_sums, cudaStream_t stream) {
    HT_REQUIRE(x != nullptr && xq != nullptr && x_scale != nullptr, "x, xq and x_scale must not be null");
    HT_REQUIRE(M > 0 && K > 0, "M and K must be positive");
    HT_REQUIRE(K % 128 == 0, "K must be a multiple of 128, got " + std::to_string(K));
    // 128 threads a row up to K = 4096 (every thread holds 1-4 chunks), 256 above (3-8)
    if (K <= 4096) {
        switch ((K / kVec + 127) / 128) {
            case 1: return launch<128, 1>(x, smooth_inverse, M, K, xq, x_scale, block_sums, stream);
            case 2: return launch<128, 2>(x, smooth_inverse, M, K, xq, x_scale, block_sums, stream);
            case 3: return launch<128, 3>(x, smooth_inverse, M, K, xq, x_scale, block_sums, stream);
            default: return launch<128, 4>(x, smooth_inverse, M, K, xq, x_scale, block_sums, stream);
        }
    }
    switch ((K / kVec + 255) / 256) {
        case 3:
        case 4: return launch<256, 4>(x, smooth_inverse, M, K, xq, x_scale, block_sums, stream);
        case 5:
        case 6:
        case 7:
        case 8: return launch<256, 8>(x, smooth_inverse, M, K, xq, x_scale, block_sums, stream);
        default:
            return fail(HT_ERR_INVALID_ARGUMENT,
                        "quantize_activations: K = " + std::to_string(K) + " exceeds the largest row (16384) kept in registers");
    }
}

}  // namespace ht
