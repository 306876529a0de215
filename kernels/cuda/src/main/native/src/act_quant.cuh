// Fused activation quantization (see ht_quantize_activations in halftone_cuda.h).
#pragma once

#include <cstdint>

#include "common.cuh"

namespace ht {

ht_status quantize_activations(const uint16_t *x, const float *smooth_inverse, int M, int K, int8_t *xq,
                               float *x_scale, int32_t *block_sums, cudaStream_t stream);

}  // namespace ht
