// wgmma (sm_90a), operands K-major: m64n256k32 and m64n128k32 int8 x int8 -> s32 and m64n128k16 bf16 x bf16 -> f32
// from shared memory, m64nNk16 bf16 with A from registers (N = 8 .. 256); with the fence / commit / wait around them
// and the fused-epilogue stores of a finished tile. The accumulator registers are listed once, in the macros below.
#pragma once

#include <cstdint>

#include "epilogue.cuh"

// The accumulator operands of the asm strings, "%0, ..., %(n - 1)" for n = 4, 8, 16, 32, 64, 128 (each extends
// the one before), and their constraints, c being "+r" (s32) or "+f" (f32).
#define HT_WGMMA_D4_OPERANDS "%0, %1, %2, %3 "
#define HT_WGMMA_D8_OPERANDS HT_WGMMA_D4_OPERANDS ", %4, %5, %6, %7 "
#define HT_WGMMA_D16_OPERANDS HT_WGMMA_D8_OPERANDS ", %8, %9, %10, %11, %12, %13, %14, %15 "
#define HT_WGMMA_D32_OPERANDS HT_WGMMA_D16_OPERANDS \
    ", %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31 "
#define HT_WGMMA_D64_OPERANDS HT_WGMMA_D32_OPERANDS \
    ", %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, " \
    "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63 "
#define HT_WGMMA_D128_OPERANDS HT_WGMMA_D64_OPERANDS \
    ", %64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79, " \
    "%80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95, " \
    "%96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, %111, " \
    "%112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, %124, %125, %126, %127 "

#define HT_WGMMA_D4_CONSTRAINTS(c, d) c(d[0]), c(d[1]), c(d[2]), c(d[3])
#define HT_WGMMA_D8_CONSTRAINTS(c, d) HT_WGMMA_D4_CONSTRAINTS(c, d), c(d[4]), c(d[5]), c(d[6]), c(d[7])
#define HT_WGMMA_D16_CONSTRAINTS(c, d) HT_WGMMA_D8_CONSTRAINTS(c, d), \
    c(d[8]), c(d[9]), c(d[10]), c(d[11]), c(d[12]), c(d[13]), c(d[14]), c(d[15])
#define HT_WGMMA_D32_CONSTRAINTS(c, d) HT_WGMMA_D16_CONSTRAINTS(c, d), \
    c(d[16]), c(d[17]), c(d[18]), c(d[19]), c(d[20]), c(d[21]), c(d[22]), c(d[23]), \
    c(d[24]), c(d[25]), c(d[26]), c(d[27]), c(d[28]), c(d[29]), c(d[30]), c(d[31])
#define HT_WGMMA_D64_CONSTRAINTS(c, d) HT_WGMMA_D32_CONSTRAINTS(c, d), \
    c(d[32]), c(d[33]), c(d[34]), c(d[35]), c(d[36]), c(d[37]), c(d[38]), c(d[39]), \
    c(d[40]), c(d[41]), c(d[42]), c(d[43]), c(d[44]), c(d[45]), c(d[46]), c(d[47]), \
    c(d[48]), c(d[49]), c(d[50]), c(d[51]), c(d[52]), c(d[53]), c(d[54]), c(d[55]), \
    c(d[56]), c(d[57]), c(d[58]), c(d[59]), c(d[60]), c(d[61]), c(d[62]), c(d[63])
#define HT_WGMMA_D128_CONSTRAINTS(c, d) HT_WGMMA_D64_CONSTRAINTS(c, d), \
    c(d[64]), c(d[65]), c(d[66]), c(d[67]), c(d[68]), c(d[69]), c(d[70]), c(d[71]), \
    c(d[72]), c(d[73]), c(d[74]), c(d[75]), c(d[76]), c(d[77]), c(d[78]), c(d[79]), \
    c(d[80]), c(d[81]), c(d[82]), c(d[83]), c(d[84]), c(d[85]), c(d[86]), c(d[87]), \
    c(d[88]), c(d[89]), c(d[90]), c(d[91]), c(d[92]), c(d[93]), c(d[94]), c(d[95]), \
    c(d[96]), c(d[97]), c(d[98]), c(d[99]), c(d[100]), c(d[101]), c(d[102]), c(d[103]), \
    c(d[104]), c(d[105]), c(d[106]), c(d[107]), c(d[108]), c(d[109]), c(d[110]), c(d[111]), \
    c(d[112]), c(d[113]), c(d[114]), c(d[115]), c(d[116]), c(d[117]), c(d[118]), c(d[119]), \
    c(d[120]), c(d[121]), c(d[122]), c(d[123]), c(d[124]), c(d[125]), c(d[126]), c(d[127])

namespace ht {

// D(64x256 s32) (+)= A(64x32 s8) * B(32x256 s8); accumulate when accumulate != 0.
__device__ __forceinline__ void wgmma_m64n256k32_s8(int (&d)[128], uint64_t desc_a, uint64_t desc_b, int accumulate) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    asm volatile(
        "{\n"
        ".reg .pred p;\n"
        "setp.ne.b32 p, %130, 0;\n"
        "wgmma.mma_async.sync.aligned.m64n256k32.s32.s8.s8 {"
        HT_WGMMA_D128_OPERANDS
        "}, %128, %129, p;\n"
        "}\n"
        : HT_WGMMA_D128_CONSTRAINTS("+r", d)
        : "l"(desc_a), "l"(desc_b), "r"(accumulate));
#else
    (void)d; (void)desc_a; (void)desc_b; (void)accumulate;
#endif
}

// D(64x128 s32) (+)= A(64x32 s8) * B(32x128 s8); accumulate when accumulate != 0.
__device__ __forceinline__ void wgmma_m64n128k32_s8(int (&d)[64], uint64_t desc_a, uint64_t desc_b, int accumulate) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    asm volatile(
        "{\n"
        ".reg .pred p;\n"
        "setp.ne.b32 p, %66, 0;\n"
        "wgmma.mma_async.sync.aligned.m64n128k32.s32.s8.s8 {"
        HT_WGMMA_D64_OPERANDS
        "}, %64, %65, p;\n"
        "}\n"
        : HT_WGMMA_D64_CONSTRAINTS("+r", d)
        : "l"(desc_a), "l"(desc_b), "r"(accumulate));
#else
    (void)d; (void)desc_a; (void)desc_b; (void)accumulate;
#endif
}

// D(64x128 f32) (+)= A(64x16 bf16) * B(16x128 bf16), no negation or transposition; accumulate when accumulate != 0.
__device__ __forceinline__ void wgmma_m64n128k16_bf16(float (&d)[64], uint64_t desc_a, uint64_t desc_b, int accumulate) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    asm volatile(
        "{\n"
        ".reg .pred p;\n"
        "setp.ne.b32 p, %66, 0;\n"
        "wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {"
        HT_WGMMA_D64_OPERANDS
        "}, %64, %65, p, 1, 1, 0, 0;\n"
        "}\n"
        : HT_WGMMA_D64_CONSTRAINTS("+f", d)
        : "l"(desc_a), "l"(desc_b), "r"(accumulate));
#else
    (void)d; (void)desc_a; (void)desc_b; (void)accumulate;
#endif
}

// D(64xN f32) (+)= A(64x16 bf16, from registers) * B(16xN bf16, K-major in shared memory), N = 8, 16, 32, 64 or
// 256; accumulate when accumulate != 0. Each warp w of the warpgroup holds A rows 16w .. 16w + 15 in mma.sync
// m16n8k16's A-fragment layout: a[0] = (row l/4, K 2(l%4) + {0, 1}), a[1] = row + 8, a[2] = K + 8, a[3] = both
// (l = lane; low half = lower K). The registers must stay unchanged until the wgmma is waited for.
#define HT_WGMMA_RS_BF16(n, d_operands, d_constraints, a0, a1, a2, a3, desc, acc)                                  \
    asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %" #acc ", 0;\n"                                               \
                 "wgmma.mma_async.sync.aligned.m64n" #n "k16.f32.bf16.bf16 {" d_operands "}, "                   \
                 "{%" #a0 ", %" #a1 ", %" #a2 ", %" #a3 "}, %" #desc ", p, 1, 1, 0;\n}\n"                      \
                 : d_constraints("+f", d)                                                                          \
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc_b), "r"(accumulate))
template <int N>
__device__ __forceinline__ void wgmma_m64nNk16_bf16_rs(float (&d)[N / 2], const uint32_t (&a)[4], uint64_t desc_b,
                                                       int accumulate) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    static_assert(N == 8 || N == 16 || N == 32 || N == 64 || N == 256, "no wgmma shape listed for this N");
    if constexpr (N == 8) HT_WGMMA_RS_BF16(8, HT_WGMMA_D4_OPERANDS, HT_WGMMA_D4_CONSTRAINTS, 4, 5, 6, 7, 8, 9);
    if constexpr (N == 16) HT_WGMMA_RS_BF16(16, HT_WGMMA_D8_OPERANDS, HT_WGMMA_D8_CONSTRAINTS, 8, 9, 10, 11, 12, 13);
    if constexpr (N == 32)
        HT_WGMMA_RS_BF16(32, HT_WGMMA_D16_OPERANDS, HT_WGMMA_D16_CONSTRAINTS, 16, 17, 18, 19, 20, 21);
    if constexpr (N == 64)
        HT_WGMMA_RS_BF16(64, HT_WGMMA_D32_OPERANDS, HT_WGMMA_D32_CONSTRAINTS, 32, 33, 34, 35, 36, 37);
    if constexpr (N == 256)
        HT_WGMMA_RS_BF16(256, HT_WGMMA_D128_OPERANDS, HT_WGMMA_D128_CONSTRAINTS, 128, 129, 130, 131, 132, 133);
#else
    (void)d; (void)a; (void)desc_b; (void)accumulate;
#endif
}
#undef HT_WGMMA_RS_BF16

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
// Orders this warpgroup's register and shared-memory accesses before the wgmma instructions that follow.
__device__ __forceinline__ void wgmma_fence() { asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory"); }
__device__ __forceinline__ void wgmma_commit() { asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory"); }
// Waits until at most PENDING committed wgmma groups of this warpgroup are still running.
template <int PENDING>
__device__ __forceinline__ void wgmma_wait() {
    asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(PENDING) : "memory");
}
#endif

// The epilogue factors of one warpgroup's m64 tile read from global memory: the thread's two row scales (rows
// row_lo and row_lo + 8 of the tile) loaded up front, the per-column ones when asked for. Absent factors are the
// identities 1 and -0 (x * 1 = x and x + -0 = x for every float), so the result is apply_epilogue's bit for bit.
struct GlobalTileFactors {
    const ht_epilogue &ep;
    int n0, N;
    float rows[2];
    __device__ GlobalTileFactors(const ht_epilogue &e, int m_base, int n_base, int M, int n_limit)
        : ep(e), n0(n_base), N(n_limit) {
        const int m_lo = m_base + ((threadIdx.x / 32) % 4) * 16 + (threadIdx.x % 32) / 4;
#pragma unroll
        for (int h = 0; h < 2; ++h) rows[h] = ep.row_scale != nullptr && m_lo + 8 * h < M ? ep.row_scale[m_lo + 8 * h] : 1.0f;
    }
    __device__ float row_scale(int h) const { return rows[h]; }
    __device__ float col_scale(int column) const {
        return ep.col_scale != nullptr && n0 + column < N ? ep.col_scale[n0 + column] : 1.0f;
    }
    __device__ float bias(int column) const {
        return ep.bias != nullptr && n0 + column < N ? bf16_bits_to_float(ep.bias[n0 + column]) : -0.0f;
    }
    __device__ float gate(int column) const {
        return ep.gate != nullptr && n0 + column < N ? bf16_bits_to_float(ep.gate[n0 + column]) : 1.0f;
    }
};

// The bf16 epilogue of one warpgroup's finished m64 x (2 * R) accumulators (rows m_base.., columns n0..), a 32-bit
// store per pair of columns; the factors come from `factors` (GlobalTileFactors or one with the same members). In the
// wgmma accumulator layout, thread (warp w, lane l) holds acc[4j + 2h + {0, 1}] = row 16w + l/4 + 8h, columns
// 8j + 2(l%4) + {0, 1}. The per-column factors are fetched before the stores that use them, a few column groups at a
// time: loads placed between the output stores wait for those stores, since the compiler cannot prove the arrays
// disjoint from out (on an H200 that made the epilogue half of the W8A8 GEMM's time at K = 4096).
template <typename Acc, int R, typename Factors>
__device__ __forceinline__ void store_m64_tile_bf16(const Acc (&acc)[R], const ht_epilogue &ep, const Factors &factors,
                                                    uint16_t *out, int m_base, int n0, int M, int N) {
    const int warp = (threadIdx.x / 32) % 4, lane = threadIdx.x % 32;
    const int row_lo = warp * 16 + lane / 4, column_first = (lane % 4) * 2;
    // column groups (8 columns, 2 per thread) whose factors are fetched together: as many as the registers allow
    constexpr int kGroups = R >= 128 ? 4 : 2;
    static_assert((R / 4) % kGroups == 0, "the column groups must divide evenly");
#pragma unroll
    for (int j0 = 0; j0 < R / 4; j0 += kGroups) {
        float col_scale[kGroups][2], bias[kGroups][2];
#pragma unroll
        for (int g = 0; g < kGroups; ++g)
#pragma unroll
            for (int e = 0; e < 2; ++e) {
                col_scale[g][e] = factors.col_scale(column_first + 8 * (j0 + g) + e);
                bias[g][e] = factors.bias(column_first + 8 * (j0 + g) + e);
            }
#pragma unroll
        for (int g = 0; g < kGroups; ++g)
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int column = column_first + 8 * (j0 + g);
                const int m = m_base + row_lo + 8 * h, n = n0 + column;
                if (m >= M || n >= N) continue;
                float y[2];
#pragma unroll
                for (int e = 0; e < 2; ++e)
                    y[e] = epilogue_with_factors(ep, static_cast<float>(acc[4 * (j0 + g) + 2 * h + e]),
                                                 factors.row_scale(h), col_scale[g][e], bias[g][e],
                                                 static_cast<size_t>(m) * N + n + e, [&] { return factors.gate(column + e); });
                *reinterpret_cast<uint32_t *>(out + static_cast<size_t>(m) * N + n) = pack_bf16x2(y[0], y[1]);
            }
    }
}

// Writes one warpgroup's finished m64 x (2 * R) accumulators through the epilogue, its factors read from global
// memory; or the raw int32 accumulators.
template <typename Acc, int R>
__device__ __forceinline__ void store_m64_tile(const Acc (&acc)[R], const ht_epilogue &ep, void *out, bool out_s32,
                                               int m_base, int n0, int M, int N) {
    if (out_s32) {
        const int warp = (threadIdx.x / 32) % 4, lane = threadIdx.x % 32;
        const int m_lo = m_base + warp * 16 + lane / 4, n_first = n0 + (lane % 4) * 2;
#pragma unroll
        for (int j = 0; j < R / 4; ++j)
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int m = m_lo + 8 * h, n = n_first + 8 * j;
                if (m < M && n < N) store_pair(ep, out, true, acc[4 * j + 2 * h], acc[4 * j + 2 * h + 1], m, n, N);
            }
        return;
    }
    store_m64_tile_bf16(acc, ep, GlobalTileFactors(ep, m_base, n0, M, N), static_cast<uint16_t *>(out), m_base, n0, M, N);
}

// store_m64_tile for a product computed transposed (D = W X^T: accumulator rows are output channels, columns
// tokens), writing out[token][channel] through the same epilogue with the same operations. Lanes l and l ^ 4 hold
// neighbouring channels of the same two tokens; one shuffle per pair leaves each with one token's channel pair, so
// the stores stay 32-bit bf16 pairs. Per-token scales are loaded before any store (see store_m64_tile).
template <int R>
__device__ __forceinline__ void store_m64_tile_transposed(const float (&acc)[R], const ht_epilogue &ep, void *out,
                                                          int channel_base, int token0, int M, int N) {
    const int warp = (threadIdx.x / 32) % 4, lane = threadIdx.x % 32;
    const bool odd = (lane / 4) & 1;
    const int channel = channel_base + warp * 16 + ((lane / 4) & ~1), token_first = token0 + 2 * (lane % 4) + odd;
    float col_scale[2][2], bias[2][2], gate[2][2];
#pragma unroll
    for (int h = 0; h < 2; ++h)
#pragma unroll
        for (int e = 0; e < 2; ++e) {
            const int n = channel + 8 * h + e;
            col_scale[h][e] = ep.col_scale != nullptr && n < N ? ep.col_scale[n] : 1.0f;
            bias[h][e] = ep.bias != nullptr && n < N ? bf16_bits_to_float(ep.bias[n]) : -0.0f;
            gate[h][e] = ep.gate != nullptr && n < N ? bf16_bits_to_float(ep.gate[n]) : 1.0f;
        }
    float row_scale[R / 4];
#pragma unroll
    for (int j = 0; j < R / 4; ++j)
        row_scale[j] = ep.row_scale != nullptr && token_first + 8 * j < M ? ep.row_scale[token_first + 8 * j] : 1.0f;
#pragma unroll
    for (int j = 0; j < R / 4; ++j)
#pragma unroll
        for (int h = 0; h < 2; ++h) {
            const float a0 = acc[4 * j + 2 * h], a1 = acc[4 * j + 2 * h + 1];
            const float received = __shfl_xor_sync(0xFFFFFFFFu, odd ? a0 : a1, 4);
            const float pair[2] = {odd ? received : a0, odd ? a1 : received};
            const int m = token_first + 8 * j, n = channel + 8 * h;
            if (m >= M || n >= N) continue;
            float y[2];
#pragma unroll
            for (int e = 0; e < 2; ++e)
                y[e] = epilogue_with_factors(ep, pair[e], row_scale[j], col_scale[h][e], bias[h][e],
                                             static_cast<size_t>(m) * N + n + e, [&] { return gate[h][e]; });
            *reinterpret_cast<uint32_t *>(static_cast<uint16_t *>(out) + static_cast<size_t>(m) * N + n) =
                pack_bf16x2(y[0], y[1]);
        }
}

}  // namespace ht
