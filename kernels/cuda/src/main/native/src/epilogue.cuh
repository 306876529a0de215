// The fused GEMM epilogue (ht_epilogue): scales, bias, optional DiT gate/residual, bf16 out.
#pragma once

#include <cuda_bf16.h>

#include <cstdint>

#include "halftone/halftone_cuda.h"

namespace ht {

__device__ __forceinline__ float bf16_bits_to_float(uint16_t bits) {
    return __uint_as_float(static_cast<uint32_t>(bits) << 16);
}

// Two floats rounded to nearest even as bf16 (one cvt.rn.bf16x2.f32; NaN stays NaN), lo in the low half.
__device__ __forceinline__ uint32_t pack_bf16x2(float lo, float hi) {
    const __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<const uint32_t *>(&v);
}

// Applies the epilogue to one accumulator. Explicit _rn operations keep the compiler from contracting into
// FMA, so the Java reference (LinearReference) reproduces the result bit for bit.
__device__ __forceinline__ float apply_epilogue(const ht_epilogue &ep, float acc, int m, int n, int N) {
    float y = acc;
    if (ep.row_scale != nullptr) y = __fmul_rn(y, ep.row_scale[m]);
    if (ep.col_scale != nullptr) y = __fmul_rn(y, ep.col_scale[n]);
    if (ep.bias != nullptr) y = __fadd_rn(y, bf16_bits_to_float(ep.bias[n]));
    if (ep.residual != nullptr) {
        const float gate = ep.gate != nullptr ? bf16_bits_to_float(ep.gate[n]) : 1.0f;
        y = __fadd_rn(bf16_bits_to_float(ep.residual[static_cast<size_t>(m) * N + n]), __fmul_rn(gate, y));
    }
    return y;
}

// One output of the epilogue with its factors already loaded (absent ones as the identities 1 and -0, which change
// no float): apply_epilogue's operations in its order, so the result is its bit for bit. Only an epilogue with a
// residual reads residual[index] and asks gate() for the gate.
template <typename Gate>
__device__ __forceinline__ float epilogue_with_factors(const ht_epilogue &ep, float acc, float row_scale,
                                                      float col_scale, float bias, size_t index, Gate gate) {
    float y = __fadd_rn(__fmul_rn(__fmul_rn(acc, row_scale), col_scale), bias);
    if (ep.residual != nullptr) {
        const float g = gate();
        y = __fadd_rn(bf16_bits_to_float(ep.residual[index]), __fmul_rn(g, y));
    }
    return y;
}

// Writes the pair (n, n + 1) of row m: bf16 through the epilogue, or raw int32 accumulators.
template <typename Acc>
__device__ __forceinline__ void store_pair(const ht_epilogue &ep, void *out, bool out_s32, Acc v0, Acc v1, int m,
                                           int n, int N) {
    const size_t index = static_cast<size_t>(m) * N + n;
    if (out_s32) {
        *reinterpret_cast<int2 *>(static_cast<int32_t *>(out) + index) =
            make_int2(static_cast<int>(v0), static_cast<int>(v1));
    } else {
        const float y0 = apply_epilogue(ep, static_cast<float>(v0), m, n, N);
        const float y1 = apply_epilogue(ep, static_cast<float>(v1), m, n + 1, N);
        *reinterpret_cast<uint32_t *>(static_cast<uint16_t *>(out) + index) = pack_bf16x2(y0, y1);
    }
}

}  // namespace ht
