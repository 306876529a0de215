// The mma.sync tensor-core GEMM (sm_80 and later; designed for the RTX 3090, sm_86, and correct on Hopper):
// out[M][N] = epilogue(A[M][K] * W[N][K]^T). A arrives through a multi-stage cp.async pipeline; W either the
// same way (int8 W8A8) or through a decoder (weight_decoders.cuh) that reads its blocks one tile ahead into
// registers and writes the tensor-core operand to shared memory. Shared tiles are rows of 128 bytes of K,
// XOR-swizzled; fragments come from ldmatrix, products from mma.sync m16n8k32 (int8) or m16n8k16 (bf16).
#pragma once

#include <algorithm>
#include <type_traits>

#include "common.cuh"
#include "epilogue.cuh"
#include "mma_primitives.cuh"
#include "split_k.cuh"
#include "tile_order.cuh"
#include "weight_decoders.cuh"

namespace ht {

// W operand loaded as is: int8 [N][K] (W8A8).
struct RawS8 {
    static constexpr bool kS8 = true;
    static constexpr SliceScale kSlice = SliceScale::None;
};

template <class W>
struct IsDecoded : std::true_type {};
template <>
struct IsDecoded<RawS8> : std::false_type {};

template <int BM_, int BN_, int WARPS_M_, int WARPS_N_, int STAGES_>
struct TileShape {
    static constexpr int BM = BM_, BN = BN_, WARPS_M = WARPS_M_, WARPS_N = WARPS_N_, STAGES = STAGES_;
    static constexpr int THREADS = 32 * WARPS_M * WARPS_N;
    static constexpr int WM = BM / WARPS_M, WN = BN / WARPS_N;
    static constexpr int MT = WM / 16, NT = WN / 8;
    static_assert(WM % 16 == 0 && WN % 16 == 0, "warp tile must be a multiple of 16 x 16");
};

template <class Shape, class W>
struct GemmSmem {
    static constexpr bool kDecoded = IsDecoded<W>::value;
    static constexpr int kABytes = Shape::BM * kTileRowBytes;
    static constexpr int kBBytes = Shape::BN * kTileRowBytes;
    // Decoded W is written by threads one tile ahead, so two buffers suffice; cp.async W needs all stages.
    static constexpr int kBStages = kDecoded ? 2 : Shape::STAGES;
    static constexpr int kSliceBytes = W::kSlice == SliceScale::None ? 0 : 2 * Shape::BN * 4 * sizeof(float2);
    static constexpr int kSumBytes = W::kSlice == SliceScale::ScaleAndMin ? Shape::STAGES * Shape::BM * 16 : 0;
    static constexpr int kBOffset = Shape::STAGES * kABytes;
    static constexpr int kSliceOffset = kBOffset + kBStages * kBBytes;
    static constexpr int kSumOffset = kSliceOffset + kSliceBytes;
    static constexpr int kTotal = kSumOffset + kSumBytes;
};

template <class Shape, class W>
__global__ void __launch_bounds__(Shape::THREADS) gemm_mma_kernel(const GemmParams p) {
    using Smem = GemmSmem<Shape, W>;
    constexpr int BM = Shape::BM, BN = Shape::BN, THREADS = Shape::THREADS, STAGES = Shape::STAGES;
    constexpr int MT = Shape::MT, NT = Shape::NT;
    constexpr bool kDecoded = Smem::kDecoded;
    constexpr bool kScaled = W::kSlice != SliceScale::None;
    constexpr bool kWithMin = W::kSlice == SliceScale::ScaleAndMin;
    constexpr int kKPerTile = W::kS8 ? 128 : 64;
    using Acc = std::conditional_t<W::kS8 && !kScaled, int, float>;

    extern __shared__ __align__(128) uint8_t smem[];
    float2 *slice_scales = reinterpret_cast<float2 *>(smem + Smem::kSliceOffset);   // [2][BN][4]
    int32_t *slice_sums = reinterpret_cast<int32_t *>(smem + Smem::kSumOffset);     // [STAGES][BM][4]

    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const int wm0 = (warp / Shape::WARPS_N) * Shape::WM;
    const int wn0 = (warp % Shape::WARPS_N) * Shape::WN;
    const TileCoord tile = grouped_tile(blockIdx.x, (p.M + BM - 1) / BM, (p.N + BN - 1) / BN);
    const int m0 = tile.m * BM, n0 = tile.n * BN;
    const int first_tile = blockIdx.z * p.tiles_per_split;
    const int tiles = min(p.K / kKPerTile - first_tile, p.tiles_per_split);  // this block's K range, local index
    const size_t a_row_bytes = static_cast<size_t>(p.K) * (W::kS8 ? 1 : 2);

    auto load_rows = [&](const void *base, size_t row_bytes, int rows, int row0, int limit, int kt, uint8_t *tile) {
        const uint32_t dst = smem_address(tile);
#pragma unroll
        for (int j = 0; j < (rows * 8) / THREADS; ++j) {
            const int i = tid + j * THREADS;
            const int r = i >> 3, c = i & 7;
            const bool valid = row0 + r < limit;
            const uint8_t *src = static_cast<const uint8_t *>(base) + static_cast<size_t>(valid ? row0 + r : 0) * row_bytes +
                                 static_cast<size_t>(kt) * kTileRowBytes + c * 16;
            cp_async_16(dst + swizzled_offset(r, c), src, valid);
        }
    };
    auto issue_tile = [&](int i) {  // local tile i = K tile first_tile + i
        const int stage = i % STAGES;
        const int kt = first_tile + i;
        load_rows(p.a, a_row_bytes, BM, m0, p.M, kt, smem + stage * Smem::kABytes);
        if constexpr (!kDecoded) {
            load_rows(p.b, static_cast<size_t>(p.K), BN, n0, p.N, kt, smem + Smem::kBOffset + stage * Smem::kBBytes);
        }
        if constexpr (kWithMin) {
            for (int r = tid; r < BM; r += THREADS) {
                const bool valid = m0 + r < p.M;
                const int32_t *src = p.a_block_sums + static_cast<size_t>(valid ? m0 + r : 0) * (p.K / 32) + kt * 4;
                cp_async_16(smem_address(slice_sums + (stage * BM + r) * 4), src, valid);
            }
        }
    };

    // Decoded W: items (row r, half h) of the BN x 128-byte tile, a fixed number per thread.
    constexpr int kItems = kDecoded ? (2 * BN) / THREADS : 1;
    static_assert(!kDecoded || (2 * BN) % THREADS == 0, "decoded tile items must divide evenly over threads");
    using Raw = typename std::conditional_t<kDecoded, W, Q8_0ToS8>::Raw;
    Raw raw[kItems];
    auto fetch_w = [&](int i) {
        if constexpr (kDecoded) {
            const int kt = first_tile + i;
#pragma unroll
            for (int j = 0; j < kItems; ++j) {
                const int item = tid + j * THREADS;
                const int n = n0 + (item >> 1);
                if (n < p.N) raw[j] = W::fetch(p, n, kt, item & 1);
            }
        }
    };
    auto store_w = [&](int i) {
        if constexpr (kDecoded) {
            const int kt = first_tile + i;
            const int buffer = i & 1;
            uint8_t *tile = smem + Smem::kBOffset + buffer * Smem::kBBytes;
#pragma unroll
            for (int j = 0; j < kItems; ++j) {
                const int item = tid + j * THREADS;
                const int r = item >> 1, h = item & 1;
                const int n = n0 + r;
                uint32_t words[16];
                float2 slice[2];
                if (n < p.N) {
                    W::decode(raw[j], p, n, kt, h, words, slice);
                } else {
#pragma unroll
                    for (int w = 0; w < 16; ++w) words[w] = 0u;
                    slice[0] = slice[1] = make_float2(0.0f, 0.0f);
                }
#pragma unroll
                for (int c = 0; c < 4; ++c) {
                    *reinterpret_cast<uint4 *>(tile + swizzled_offset(r, 4 * h + c)) =
                        make_uint4(words[4 * c], words[4 * c + 1], words[4 * c + 2], words[4 * c + 3]);
                }
                if constexpr (kScaled) {
                    slice_scales[(buffer * BN + r) * 4 + 2 * h] = slice[0];
                    slice_scales[(buffer * BN + r) * 4 + 2 * h + 1] = slice[1];
                }
            }
        }
    };

    Acc acc[MT][NT][4];
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int e = 0; e < 4; ++e) acc[mt][nt][e] = Acc(0);

#pragma unroll
    for (int s = 0; s < STAGES - 1; ++s) {
        if (s < tiles) issue_tile(s);
        cp_async_commit();
    }
    fetch_w(0);

    for (int i = 0; i < tiles; ++i) {
        const int stage = i % STAGES;
        cp_async_wait<STAGES - 2>();
        store_w(i);
        __syncthreads();  // tile i visible to all warps; every warp is done with tile i - 1's stage
        if (i + STAGES - 1 < tiles) issue_tile(i + STAGES - 1);
        cp_async_commit();
        if (i + 1 < tiles) fetch_w(i + 1);

        const uint32_t a_base = smem_address(smem + stage * Smem::kABytes);
        const int b_buffer = kDecoded ? (i & 1) : stage;
        const uint32_t b_base = smem_address(smem + Smem::kBOffset + b_buffer * Smem::kBBytes);
#pragma unroll
        for (int ks = 0; ks < 4; ++ks) {  // four 32-byte K steps: 32 int8 or 16 bf16 each
            uint32_t af[MT][4], bf[NT][2];
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
                const int row = wm0 + mt * 16 + (lane & 15);
                ldmatrix_x4(af[mt], a_base + swizzled_offset(row, ks * 2 + (lane >> 4)));
            }
#pragma unroll
            for (int np = 0; np < NT / 2; ++np) {
                const int row = wn0 + np * 16 + ((lane >> 4) << 3) + (lane & 7);
                uint32_t t[4];
                ldmatrix_x4(t, b_base + swizzled_offset(row, ks * 2 + ((lane >> 3) & 1)));
                bf[2 * np][0] = t[0];
                bf[2 * np][1] = t[1];
                bf[2 * np + 1][0] = t[2];
                bf[2 * np + 1][1] = t[3];
            }
            if constexpr (!kScaled) {
#pragma unroll
                for (int mt = 0; mt < MT; ++mt)
#pragma unroll
                    for (int nt = 0; nt < NT; ++nt) {
                        if constexpr (W::kS8) mma_s8_16x8x32(acc[mt][nt], af[mt], bf[nt][0], bf[nt][1]);
                        else mma_bf16_16x8x16(acc[mt][nt], af[mt], bf[nt][0], bf[nt][1]);
                    }
            } else {
                // MMQ: the 32-wide slice ks has one weight scale (and min) per column; flush its int32 product.
                float2 ws[NT][2];
#pragma unroll
                for (int nt = 0; nt < NT; ++nt)
#pragma unroll
                    for (int e = 0; e < 2; ++e)
                        ws[nt][e] = slice_scales[((i & 1) * BN + wn0 + nt * 8 + (lane & 3) * 2 + e) * 4 + ks];
                float sums[MT][2];
#pragma unroll
                for (int mt = 0; mt < MT; ++mt)
#pragma unroll
                    for (int e = 0; e < 2; ++e)
                        sums[mt][e] = kWithMin ? static_cast<float>(
                                                     slice_sums[(stage * BM + wm0 + mt * 16 + (lane >> 2) + 8 * e) * 4 + ks])
                                               : 0.0f;
#pragma unroll
                for (int mt = 0; mt < MT; ++mt)
#pragma unroll
                    for (int nt = 0; nt < NT; ++nt) {
                        int t[4] = {0, 0, 0, 0};
                        mma_s8_16x8x32(t, af[mt], bf[nt][0], bf[nt][1]);
#pragma unroll
                        for (int e = 0; e < 4; ++e) {
                            const float2 w = ws[nt][e & 1];
                            float v = fmaf(w.x, static_cast<float>(t[e]), acc[mt][nt][e]);
                            if constexpr (kWithMin) v = fmaf(-w.y, sums[mt][e >> 1], v);
                            acc[mt][nt][e] = v;
                        }
                    }
            }
        }
    }
    cp_async_wait<0>();

#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
        for (int nt = 0; nt < NT; ++nt)
#pragma unroll
            for (int e2 = 0; e2 < 2; ++e2) {
                const int m = m0 + wm0 + mt * 16 + (lane >> 2) + 8 * e2;
                const int n = n0 + wn0 + nt * 8 + (lane & 3) * 2;
                if (m < p.M && n < p.N) emit_pair(p, acc[mt][nt][2 * e2], acc[mt][nt][2 * e2 + 1], m, n);
            }
}

// Launches gemm_mma_kernel<Shape, W> on p (shapes already validated), raising the shared-memory limit first.
// When the output tiles alone cannot fill the GPU (small M), K is split over gridDim.z (split_k.cuh).
template <class Shape, class W>
ht_status launch_gemm_mma(GemmParams p, cudaStream_t stream, const char *name) {
    using Acc = std::conditional_t<W::kS8 && W::kSlice == SliceScale::None, int, float>;
    constexpr int smem = GemmSmem<Shape, W>::kTotal;
    constexpr int kKPerTile = W::kS8 ? 128 : 64;
    HT_TRY_CUDA(cudaFuncSetAttribute(gemm_mma_kernel<Shape, W>, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
    const int tiles_n = (p.N + Shape::BN - 1) / Shape::BN, tiles_m = (p.M + Shape::BM - 1) / Shape::BM;
    const int k_tiles = p.K / kKPerTile;
    int multiprocessors = 0;
    const ht_status status = current_multiprocessors(multiprocessors);
    if (status != HT_OK) return status;
    const int blocks = tiles_n * tiles_m;
    const int wanted = blocks < multiprocessors ? (4 * multiprocessors + blocks - 1) / blocks : 1;
    const int splits_wanted = std::max(1, std::min(wanted, k_tiles / 2));  // at least 2 K tiles per split
    p.tiles_per_split = (k_tiles + splits_wanted - 1) / splits_wanted;
    const int splits = (k_tiles + p.tiles_per_split - 1) / p.tiles_per_split;
    return launch_split_k<Acc>(p, splits, stream, name, [&](const GemmParams &q) {
        gemm_mma_kernel<Shape, W><<<dim3(blocks, 1, splits), Shape::THREADS, smem, stream>>>(q);
    });
}

}  // namespace ht
