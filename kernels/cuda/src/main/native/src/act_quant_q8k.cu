// The Q8_K-style activation quantization of q8k_activations.cuh: one warp per token and super-block, lane l holding
// values 8l .. 8l + 7, so a sub-block is 4 neighbouring lanes.
#include <cuda_bf16.h>

#include "common.cuh"
#include "q8k_activations.cuh"

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

    float v[8] = {};
    if (row < M) {
        const uint4 raw = __ldg(reinterpret_cast<const uint4 *>(x + static_cast<size_t>(row) * K + sb * HT_QK_K) + lane);
        const uint32_t words[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
        for (int e = 0; e < 8; ++e) v[e] = __uint_as_float((e & 1) ? (words[e / 2] & 0xFFFF0000u) : (words[e / 2] << 16));
    }
    float amax = 0.0f, sum = 0.0f;
#pragma unroll
    for (int e = 0; e < 8; ++e) {
        amax = fmaxf(amax, fabsf(v[e]));
        sum += v[e];
    }
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) amax = fmaxf(amax, __shfl_xor_sync(0xFFFFFFFFu, amax, offset));
    // the sub-block's sum: (lanes 4j + 0 and 1) + (lanes 4j + 2 and 3)
    sum += __shfl_xor_sync(0xFFFFFFFFu, sum, 1);
    sum += __shfl_xor_sync(0xFFFFFFFFu, sum, 2);

    const float inverse = amax > 0.0f ? __fdiv_rn(127.0f, amax) : 0.0f;
#pragma unroll
    for (int e = 0; e < 8; ++e) {
        const int q = max(-127, min(127, __float2int_rn(__fmul_rn(v[e], inverse))));
        reordered[warp][q8k_offset(8 * lane + e)] = static_cast<uint8_t>(q);
    }
    __syncwarp();
    uint8_t *unit = q8k_unit(a, sb, row / kQ8KTokenTile);
    const int token = row % kQ8KTokenTile;
    *reinterpret_cast<uint2 *>(unit + q8k_unit_offset(token, 8 * lane)) = reinterpret_cast<const uint2 *>(reordered[warp])[lane];
    if (lane % 4 == 0) {
        const int j = lane / 4;
        const __nv_bfloat16 hi = __float2bfloat16_rn(sum);
        const __nv_bfloat16 lo = __float2bfloat16_rn(sum - __bfloat162float(hi));
        auto *dst = reinterpret_cast<uint16_t *>(unit + kQ8KSumsOffset + 32 * token) + 4 * (j / 2) + j % 2;
        dst[0] = __bfloat16_as_ushort(hi);
        dst[2] = __bfloat16_as_ushort(lo);
    }
    if (lane == 0) reinterpret_cast<float *>(unit + kQ8KScalesOffset)[token] = __fdiv_rn(amax, 127.0f);
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
