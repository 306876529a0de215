// GGUF Q4_K blocks -> the packed layout of the packed Q4_K GEMMs (q4k_packed_layout.cuh). Runs once per weight at
// load; a plain gather, one thread per (group, super-block, consumer thread), not tuned.
#include "common.cuh"
#include "gemm_paths.cuh"
#include "halftone/blocks.h"
#include "q4k_packed_layout.cuh"

namespace ht {
namespace {

__global__ void repack_q4k_kernel(const uint8_t *__restrict__ blocks, int super_blocks, uint8_t *__restrict__ packed) {
    const int unit = blockIdx.x, t = threadIdx.x;  // unit = group * super_blocks + super-block
    const int group = unit / super_blocks, sb = unit % super_blocks;
    const auto block_of = [&](int row) {
        return blocks + (static_cast<size_t>(group * kQ4KPackedGroup + row) * super_blocks + sb) * sizeof(ht_block_q4_K);
    };
    uint8_t *dst = packed + static_cast<size_t>(unit) * kQ4KPackedUnitBytes;
    if (t < kQ4KPackedGroup)
        *reinterpret_cast<uint4 *>(dst + kQ4KPackedHeadBytes * t) = *reinterpret_cast<const uint4 *>(block_of(t));
    for (int stage = 0; stage < 4; ++stage) {
        uint32_t words[4];
        for (int i = 0; i < 4; ++i) {
            uint32_t word = 0;
            for (int p = 0; p < 8; ++p) {
                const int k = 64 * stage + q4k_packed_k(t, i, p);  // inside the super-block
                const int j = k / 32;                               // sub-block
                const uint8_t byte = block_of(q4k_packed_row(t, p))[16 + 32 * (j / 2) + k % 32];
                word |= static_cast<uint32_t>((byte >> (4 * (j % 2))) & 0xF) << (4 * p);
            }
            words[i] = word;
        }
        *reinterpret_cast<uint4 *>(dst + kQ4KPackedGroup * kQ4KPackedHeadBytes + stage * kQ4KPackedChunkBytes + 16 * t) =
            make_uint4(words[0], words[1], words[2], words[3]);
    }
}

}  // namespace

ht_status repack_q4_K(const void *blocks, int N, int K, void *packed, cudaStream_t stream) {
    const int super_blocks = K / HT_QK_K;
    repack_q4k_kernel<<<(N / kQ4KPackedGroup) * super_blocks, 128, 0, stream>>>(static_cast<const uint8_t *>(blocks),
                                                                              super_blocks, static_cast<uint8_t *>(packed));
    HT_CHECK_LAUNCH("repack_q4k_kernel");
    return HT_OK;
}

}  // namespace ht
