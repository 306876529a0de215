// Packed Q4_K (q4k_packed_layout.cuh) -> bf16 weights [n1 - n0][K], the first step of the dequantizing GEMM
// (dequant_linear.cu) for packed Q4_K. Each weight comes out exactly as the packed wgmma kernels feed it to the tensor cores
// (q4k_packed_fragments: q4k_affine's fmaf rounded once to bf16, nearest even), so both paths multiply the same
// weights. One block per (64-channel group, super-block): its 128 threads decode their register fragments into a
// shared 64 x 256 tile, which then leaves row by row in 16-byte stores (each warp writes 512 contiguous bytes).
#include "common.cuh"
#include "dequant_linear.cuh"
#include "halftone/blocks.h"
#include "q4k_packed_layout.cuh"

namespace ht {
namespace {

// 256 bf16 = 128 words a tile row, plus 4 so the 8 rows a warp writes at once fall in distinct banks.
constexpr int kTileRowWords = 128 + 4;
static_assert(kTileRowWords % 4 == 0, "rows must stay 16-byte aligned for the uint4 reads");

__global__ void __launch_bounds__(128) dequant_q4k_packed_kernel(const uint8_t *__restrict__ packed, int super_blocks,
                                                                 int first_group, int K, uint16_t *__restrict__ out) {
    __shared__ __align__(16) uint32_t tile[kQ4KPackedGroup * kTileRowWords];
    const int sb = blockIdx.x, t = threadIdx.x, lane = t % 32;
    const uint8_t *unit =
        packed + (static_cast<size_t>(first_group + blockIdx.y) * super_blocks + sb) * kQ4KPackedUnitBytes;
    const int r0 = q4k_packed_row(t, 0);  // the thread's rows are r0 and r0 + 8
    const Q4KHead heads[2] = {q4k_head(__ldg(reinterpret_cast<const uint4 *>(unit + kQ4KPackedHeadBytes * r0))),
                              q4k_head(__ldg(reinterpret_cast<const uint4 *>(unit + kQ4KPackedHeadBytes * (r0 + 8))))};
    const uint8_t *chunks = unit + kQ4KPackedGroup * kQ4KPackedHeadBytes;
#pragma unroll
    for (int stage = 0; stage < 4; ++stage) {
        const uint4 q = __ldg(reinterpret_cast<const uint4 *>(chunks + stage * kQ4KPackedChunkBytes + 16 * t));
        uint32_t frag[4][4];
        q4k_packed_fragments(q, stage, heads, frag);
#pragma unroll
        for (int step = 0; step < 4; ++step) {
            // fragment registers 0/1 hold K offsets 2(lane % 4) + {0, 1} of the k16 step (rows r0 / r0 + 8), 2/3 the
            // same + 8: word (64 stage + 16 step + 2 (lane % 4)) / 2 of the row, and 4 words on
            const int word = 32 * stage + 8 * step + lane % 4;
            tile[r0 * kTileRowWords + word] = frag[step][0];
            tile[(r0 + 8) * kTileRowWords + word] = frag[step][1];
            tile[r0 * kTileRowWords + word + 4] = frag[step][2];
            tile[(r0 + 8) * kTileRowWords + word + 4] = frag[step][3];
        }
    }
    __syncthreads();
    uint16_t *dst = out + static_cast<size_t>(blockIdx.y) * kQ4KPackedGroup * K + HT_QK_K * sb;
    constexpr int kVectorsPerRow = HT_QK_K * 2 / 16;
#pragma unroll 4
    for (int i = t; i < kQ4KPackedGroup * kVectorsPerRow; i += 128) {
        const int row = i / kVectorsPerRow, v = i % kVectorsPerRow;
        *reinterpret_cast<uint4 *>(dst + static_cast<size_t>(row) * K + 8 * v) =
            *reinterpret_cast<const uint4 *>(tile + row * kTileRowWords + 4 * v);
    }
}

}  // namespace

ht_status dequantize_q4_K_packed(const void *packed, int K, int n0, int n1, uint16_t *out, cudaStream_t stream) {
    const int super_blocks = K / HT_QK_K;
    const dim3 grid(super_blocks, (n1 - n0) / kQ4KPackedGroup);
    dequant_q4k_packed_kernel<<<grid, 128, 0, stream>>>(static_cast<const uint8_t *>(packed), super_blocks,
                                                        n0 / kQ4KPackedGroup, K, out);
    HT_CHECK_LAUNCH("dequant_q4k_packed_kernel");
    return HT_OK;
}

}  // namespace ht
