// Instantiations of the mma.sync GEMM for each weight operand and tile shape, and the Q8_0 repack kernel.
#include "gemm_mma.cuh"
#include "gemm_paths.cuh"

namespace ht {
namespace {

using StandardTile = TileShape<128, 128, 2, 4, 3>;
using WideTile = TileShape<128, 256, 2, 4, 3>;
using SmallTile = TileShape<64, 64, 2, 2, 3>;

template <class W>
ht_status launch_for_tile(MmaTile tile, const GemmParams &p, cudaStream_t stream, const char *name) {
    switch (tile) {
        case MmaTile::Standard: return launch_gemm_mma<StandardTile, W>(p, stream, name);
        case MmaTile::Small: return launch_gemm_mma<SmallTile, W>(p, stream, name);
        case MmaTile::Wide:
            if constexpr (std::is_same_v<W, RawS8>) return launch_gemm_mma<WideTile, W>(p, stream, name);
            return fail(HT_ERR_INVALID_ARGUMENT, std::string(name) + ": the wide tile exists for W8A8 only");
    }
    return fail(HT_ERR_INVALID_ARGUMENT, std::string(name) + ": unknown tile shape");
}

// One thread per Q8_0 block: 2 bytes of d, 32 quants, copied to the aligned split layout.
__global__ void repack_q8_0_kernel(const ht_block_q8_0 *__restrict__ blocks, long long count, int8_t *__restrict__ qs,
                                   uint16_t *__restrict__ d) {
    const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
    if (i >= count) return;
    const ht_block_q8_0 &block = blocks[i];
    d[i] = block.d;
    uint32_t *dst = reinterpret_cast<uint32_t *>(qs + i * HT_QK8_0);
    const uint16_t *src = reinterpret_cast<const uint16_t *>(&block);  // blocks are 2-byte aligned
#pragma unroll
    for (int w = 0; w < HT_QK8_0 / 4; ++w)
        dst[w] = static_cast<uint32_t>(src[1 + 2 * w]) | (static_cast<uint32_t>(src[2 + 2 * w]) << 16);
}

}  // namespace

ht_status gemm_mma(WeightOperand operand, MmaTile tile, const GemmOperands &o, const ht_epilogue &epilogue, int M,
                   int N, int K, void *out, bool out_s32, cudaStream_t stream) {
    const GemmParams p{o.a, o.a_block_sums, o.w, o.w_aux, epilogue, M, N, K, out, out_s32, 0, nullptr};
    switch (operand) {
        case WeightOperand::Int8: return launch_for_tile<RawS8>(tile, p, stream, "gemm_mma_kernel<int8>");
        case WeightOperand::Q8_0Bf16: return launch_for_tile<Q8_0ToBf16>(tile, p, stream, "gemm_mma_kernel<q8_0, bf16>");
        case WeightOperand::Q4_KBf16: return launch_for_tile<Q4KToBf16>(tile, p, stream, "gemm_mma_kernel<q4_K, bf16>");
        case WeightOperand::Nf4Bf16: return launch_for_tile<Nf4ToBf16>(tile, p, stream, "gemm_mma_kernel<nf4, bf16>");
        case WeightOperand::Fp8Bf16: return launch_for_tile<Fp8ToBf16>(tile, p, stream, "gemm_mma_kernel<fp8, bf16>");
        case WeightOperand::Q8_0Int8: return launch_for_tile<Q8_0ToS8>(tile, p, stream, "gemm_mma_kernel<q8_0, int8>");
        case WeightOperand::Q4_KInt8: return launch_for_tile<Q4KToS8>(tile, p, stream, "gemm_mma_kernel<q4_K, int8>");
    }
    return fail(HT_ERR_INVALID_ARGUMENT, "gemm_mma: unknown weight operand");
}

ht_status repack_q8_0(const void *blocks, int N, int K, int8_t *qs, uint16_t *d, cudaStream_t stream) {
    const long long count = static_cast<long long>(N) * (K / HT_QK8_0);
    const int threads = 256;
    repack_q8_0_kernel<<<static_cast<unsigned>((count + threads - 1) / threads), threads, 0, stream>>>(
        static_cast<const ht_block_q8_0 *>(blocks), count, qs, d);
    HT_CHECK_LAUNCH("repack_q8_0_kernel");
    return HT_OK;
}

}  // namespace ht
