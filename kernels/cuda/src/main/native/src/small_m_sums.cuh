// The end of the small-M Q4_K kernels (gemm_q4k_small_m.cu, gemm_q4k_packed_small_m.cu): every warp holds partial
// sums over its share of K in mma.sync m16n8 accumulator layout (rows = output channels, columns = tokens); they are
// added in shared memory in warp order, so the result does not depend on timing, and written through the epilogue.
#pragma once

#include "epilogue.cuh"

namespace ht {

// total[mt][nt][e] of lane (g, t) = (lane / 4, lane % 4) is channel 16 mt + g + 8 (e / 2), token 8 nt + 2t + e % 2 of
// the block's channels channel0 .. channel0 + 16 MT - 1. Ends with every thread of the block having stored its pairs.
template <int MT, int NT, int WARPS>
__device__ __forceinline__ void add_warp_sums_and_store(float (&sums)[WARPS][8 * NT][16 * MT],
                                                        const float (&total)[MT][NT][4], const ht_epilogue &ep,
                                                        void *out, int channel0, int M, int N) {
    constexpr int kChannels = 16 * MT;
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    const int g = lane >> 2, t = lane & 3;
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int e = 0; e < 4; ++e)
                sums[warp][8 * nt + 2 * t + (e & 1)][16 * mt + g + 8 * (e >> 1)] = total[mt][nt][e];
    __syncthreads();

    // Each thread finishes pairs of adjacent channels of one token.
    for (int i = threadIdx.x; i < 8 * NT * kChannels / 2; i += blockDim.x) {
        const int m = i / (kChannels / 2), channel = 2 * (i % (kChannels / 2));
        const int n = channel0 + channel;
        if (m >= M || n >= N) continue;
        float v0 = 0.0f, v1 = 0.0f;
        for (int w = 0; w < warps; ++w) {
            v0 += sums[w][m][channel];
            v1 += sums[w][m][channel + 1];
        }
        store_pair(ep, out, false, v0, v1, m, n, N);
    }
}

}  // namespace ht
