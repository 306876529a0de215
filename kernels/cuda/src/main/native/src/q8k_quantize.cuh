// One token's super-block quantized into its activation unit (q8k_activations.cuh) by one warp, lane l holding values
// 8l .. 8l + 7 (so a sub-block is 4 neighbouring lanes): the standalone pass (act_quant_q8k.cu) and the GEMM that
// quantizes its own tokens (gemm_q4k_packed_q8.cu) share it, so both make the same bytes.
#pragma once

#include <cuda_bf16.h>

#include "q8k_activations.cuh"

namespace ht {

// raw: the lane's 8 bf16 values (zeros for a padding token); unit: the unit in global or shared memory; staging: 256
// bytes of the warp's shared memory, where the values are reordered so each lane stores 8 contiguous bytes.
__device__ __forceinline__ void q8k_quantize_token(uint4 raw, uint8_t *unit, int token, uint8_t *staging, int lane) {
    const uint32_t words[4] = {raw.x, raw.y, raw.z, raw.w};
    float v[8];
#pragma unroll
    for (int e = 0; e < 8; ++e) v[e] = __uint_as_float((e & 1) ? (words[e / 2] & 0xFFFF0000u) : (words[e / 2] << 16));
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
        staging[q8k_offset(8 * lane + e)] = static_cast<uint8_t>(q);
    }
    __syncwarp();
    *reinterpret_cast<uint2 *>(unit + q8k_unit_offset(token, 8 * lane)) = reinterpret_cast<const uint2 *>(staging)[lane];
    __syncwarp();  // the staging bytes are read before the warp's next token overwrites them
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

}  // namespace ht
