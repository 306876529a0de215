// Weight-side operands of the mma.sync GEMM. Each decoder turns one "item" (half a tile row: 32 bf16 or
// 64 int8 values along K of one output channel n) into 64 bytes of tensor-core operand plus, for the int8
// (MMQ-style) decoders, the float scale and min of the two 32-wide K slices it covers.
// fetch() issues the global loads (kept in registers one tile ahead), decode() does the arithmetic.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <cstdint>

#include "epilogue.cuh"
#include "halftone/blocks.h"
#include "halftone/halftone_cuda.h"

namespace ht {

struct GemmParams {
    const void *a;                  // [M][K] int8 or bf16
    const int32_t *a_block_sums;    // [M][K/32] sums of int8 activations (Q4_K MMQ only)
    const void *b;                  // weights, layout per decoder
    const void *b_aux;              // per-block scales / absmax / per-channel scale, per decoder
    ht_epilogue epilogue;
    int M, N, K;
    void *out;                      // [M][N] bf16, or int32 when out_s32
    bool out_s32;
    int tiles_per_split;            // K tiles each blockIdx.z handles (split-K); all of them when gridDim.z == 1
    void *partial;                  // split-K: [M][N] int32 / float sums added atomically, epilogue applied later
};

// How the per-32 K-slice weight scales enter the int8 product.
enum class SliceScale { None, Scale, ScaleAndMin };

__device__ __forceinline__ float half_bits_to_float(uint32_t bits16) {
    return __half2float(__ushort_as_half(static_cast<unsigned short>(bits16)));
}

__device__ __forceinline__ uint32_t byte_of(uint32_t word, int i) { return (word >> (8 * i)) & 0xFFu; }

// Byte i of word as an exact float: 0x4B0000bb is the float 2^23 + bb (a PRMT and an FADD, no I2F).
__device__ __forceinline__ float byte_as_float(uint32_t word, int i) {
    return __uint_as_float(__byte_perm(word, 0x4B000000u, 0x7440u | static_cast<uint32_t>(i))) - 8388608.0f;
}

__device__ __forceinline__ float s8_of(uint32_t word, int i) {
    return static_cast<float>(static_cast<int8_t>(byte_of(word, i)));
}

// The eight 6-bit scales and mins of a Q4_K super-block (ggml get_scale_min_k4) unpacked to one byte each, from
// the 12 scale bytes held in the words s0 = scales[0..3], s1 = scales[4..7], s2 = scales[8..11]: the scale of
// sub-block j is byte j & 3 of scales_lo (j < 4) or scales_hi (j >= 4), its min likewise in mins_lo / mins_hi.
// Word-wide masks work byte by byte: bits shifted in from the neighbouring byte are masked off.
struct Q4KScaleBytes {
    uint32_t scales_lo, scales_hi, mins_lo, mins_hi;
};
__device__ __forceinline__ Q4KScaleBytes q4k_scale_bytes(uint32_t s0, uint32_t s1, uint32_t s2) {
    return Q4KScaleBytes{s0 & 0x3F3F3F3Fu, (s2 & 0x0F0F0F0Fu) | ((s0 >> 2) & 0x30303030u), s1 & 0x3F3F3F3Fu,
                         ((s2 >> 4) & 0x0F0F0F0Fu) | ((s1 >> 2) & 0x30303030u)};
}

// A Q4_K super-block's 16-byte head (d and dmin in head.x, the 12 scale bytes in head.y..w), unpacked once.
struct Q4KHead {
    Q4KScaleBytes sm;
    float d, dmin;
};
__device__ __forceinline__ Q4KHead q4k_head(uint4 head) {
    return Q4KHead{q4k_scale_bytes(head.y, head.z, head.w), half_bits_to_float(head.x & 0xFFFFu),
                   half_bits_to_float(head.x >> 16)};
}

// The affine map of sub-block j (0..7) for the bf16-operand kernels: with d1 = d * sc_j and m1 = dmin * m_j in fp32,
// the weight of nibble q is fmaf(scale128, 1 + q/128, offset) with scale128 = 128 * d1 and offset =
// -fmaf(128, d1, m1). 1 + q/128 is exact (nibble_as_float), so the only departure from ggml's fp32 d1 * q - m1 is the
// rounding of 128 * d1 + m1: at most 2^-17 * d1, far below the bf16 rounding that follows.
struct Q4KAffine {
    float scale128, offset;
};
__device__ __forceinline__ Q4KAffine q4k_affine(const Q4KHead &h, int j) {
    const float d1 = h.d * byte_as_float(j < 4 ? h.sm.scales_lo : h.sm.scales_hi, j & 3);
    const float m1 = h.dmin * byte_as_float(j < 4 ? h.sm.mins_lo : h.sm.mins_hi, j & 3);
    return Q4KAffine{128.0f * d1, -fmaf(128.0f, d1, m1)};
}

// 1 + q/128 for the nibble q in byte i of word (bytes already 0x80 | q): the float 0x3F80_0000 | q << 16.
__device__ __forceinline__ float nibble_as_float(uint32_t word, int i) {
    return __uint_as_float(__byte_perm(word, 0x3F000000u, 0x7044u | (static_cast<uint32_t>(i) << 8)));
}

// The bf16 pair of the nibbles in bytes i and i + 1 of word (bytes 0x80 | q) under one affine map, rounded to
// nearest even.
__device__ __forceinline__ uint32_t q4k_bf16_pair(uint32_t word, int i, Q4KAffine f) {
    return pack_bf16x2(fmaf(f.scale128, nibble_as_float(word, i), f.offset),
                       fmaf(f.scale128, nibble_as_float(word, i + 1), f.offset));
}

// Q4_K 6-bit scale and min of sub-block j.
__device__ __forceinline__ void q4k_scale_min(int j, uint32_t s0, uint32_t s1, uint32_t s2, int &sc, int &m) {
    const Q4KScaleBytes b = q4k_scale_bytes(s0, s1, s2);
    sc = static_cast<int>(byte_of(j < 4 ? b.scales_lo : b.scales_hi, j & 3));
    m = static_cast<int>(byte_of(j < 4 ? b.mins_lo : b.mins_hi, j & 3));
}

// Q4_K GGUF blocks [N][K/256], bf16 operand, tile = 64 K = nibble chunk c = kt % 4 of super-block kt / 4;
// half 0 = sub-block 2c (low nibbles), half 1 = sub-block 2c + 1 (high nibbles) of the same 32 bytes.
struct Q4KToBf16 {
    static constexpr bool kS8 = false;
    static constexpr SliceScale kSlice = SliceScale::None;
    struct Raw { uint4 head, q0, q1; };
    __device__ static Raw fetch(const GemmParams &p, int n, int kt, int half) {
        const uint8_t *block = static_cast<const uint8_t *>(p.b) +
                               (static_cast<size_t>(n) * (p.K / HT_QK_K) + kt / 4) * sizeof(ht_block_q4_K);
        const uint4 *qs = reinterpret_cast<const uint4 *>(block + 16 + 32 * (kt % 4));
        (void)half;
        return Raw{*reinterpret_cast<const uint4 *>(block), qs[0], qs[1]};
    }
    __device__ static void decode(const Raw &r, const GemmParams &, int, int kt, int half, uint32_t (&out)[16],
                                  float2 (&)[2]) {
        int sc, mn;
        q4k_scale_min(2 * (kt % 4) + half, r.head.y, r.head.z, r.head.w, sc, mn);
        const float d = half_bits_to_float(r.head.x & 0xFFFFu) * static_cast<float>(sc);
        const float m = half_bits_to_float(r.head.x >> 16) * static_cast<float>(mn);
        const uint32_t words[8] = {r.q0.x, r.q0.y, r.q0.z, r.q0.w, r.q1.x, r.q1.y, r.q1.z, r.q1.w};
        const int shift = 4 * half;
#pragma unroll
        for (int w = 0; w < 8; ++w) {
            const uint32_t nib = (words[w] >> shift) & 0x0F0F0F0Fu;
            out[2 * w] = pack_bf16x2(d * static_cast<float>(byte_of(nib, 0)) - m, d * static_cast<float>(byte_of(nib, 1)) - m);
            out[2 * w + 1] = pack_bf16x2(d * static_cast<float>(byte_of(nib, 2)) - m, d * static_cast<float>(byte_of(nib, 3)) - m);
        }
    }
};

// Q4_K GGUF blocks, int8 operand (values 0..15), tile = 128 K = chunks 2(kt%2) and 2(kt%2)+1 of super-block kt/2;
// half h takes chunk c = 2(kt%2) + h: 32 low nibbles (sub-block 2c) then 32 high nibbles (sub-block 2c + 1).
struct Q4KToS8 {
    static constexpr bool kS8 = true;
    static constexpr SliceScale kSlice = SliceScale::ScaleAndMin;
    struct Raw { uint4 head, q0, q1; };
    __device__ static Raw fetch(const GemmParams &p, int n, int kt, int half) {
        const uint8_t *block = static_cast<const uint8_t *>(p.b) +
                               (static_cast<size_t>(n) * (p.K / HT_QK_K) + kt / 2) * sizeof(ht_block_q4_K);
        const uint4 *qs = reinterpret_cast<const uint4 *>(block + 16 + 32 * (2 * (kt % 2) + half));
        return Raw{*reinterpret_cast<const uint4 *>(block), qs[0], qs[1]};
    }
    __device__ static void decode(const Raw &r, const GemmParams &, int, int kt, int half, uint32_t (&out)[16],
                                  float2 (&slice)[2]) {
        const int c = 2 * (kt % 2) + half;
        const float d = half_bits_to_float(r.head.x & 0xFFFFu);
        const float dmin = half_bits_to_float(r.head.x >> 16);
#pragma unroll
        for (int s = 0; s < 2; ++s) {
            int sc, mn;
            q4k_scale_min(2 * c + s, r.head.y, r.head.z, r.head.w, sc, mn);
            slice[s] = make_float2(d * static_cast<float>(sc), dmin * static_cast<float>(mn));
        }
        const uint32_t words[8] = {r.q0.x, r.q0.y, r.q0.z, r.q0.w, r.q1.x, r.q1.y, r.q1.z, r.q1.w};
#pragma unroll
        for (int w = 0; w < 8; ++w) {
            out[w] = words[w] & 0x0F0F0F0Fu;
            out[8 + w] = (words[w] >> 4) & 0x0F0F0F0Fu;
        }
    }
};

// Q8_0 repacked (ht_repack_q8_0): qs int8 [N][K], d fp16 [N][K/32]; bf16 operand, tile = 64 K, half = one block.
struct Q8_0ToBf16 {
    static constexpr bool kS8 = false;
    static constexpr SliceScale kSlice = SliceScale::None;
    struct Raw { uint4 q0, q1; uint32_t d; };
    __device__ static Raw fetch(const GemmParams &p, int n, int kt, int half) {
        const int block = kt * 2 + half;
        const uint4 *qs = reinterpret_cast<const uint4 *>(static_cast<const int8_t *>(p.b) +
                                                          static_cast<size_t>(n) * p.K + block * HT_QK8_0);
        const uint16_t d = static_cast<const uint16_t *>(p.b_aux)[static_cast<size_t>(n) * (p.K / HT_QK8_0) + block];
        return Raw{qs[0], qs[1], d};
    }
    __device__ static void decode(const Raw &r, const GemmParams &, int, int, int, uint32_t (&out)[16], float2 (&)[2]) {
        const float d = half_bits_to_float(r.d);
        const uint32_t words[8] = {r.q0.x, r.q0.y, r.q0.z, r.q0.w, r.q1.x, r.q1.y, r.q1.z, r.q1.w};
#pragma unroll
        for (int w = 0; w < 8; ++w) {
            out[2 * w] = pack_bf16x2(d * s8_of(words[w], 0), d * s8_of(words[w], 1));
            out[2 * w + 1] = pack_bf16x2(d * s8_of(words[w], 2), d * s8_of(words[w], 3));
        }
    }
};

// Q8_0 repacked, int8 operand, tile = 128 K, half = two blocks (64 values).
struct Q8_0ToS8 {
    static constexpr bool kS8 = true;
    static constexpr SliceScale kSlice = SliceScale::Scale;
    struct Raw { uint4 q[4]; uint32_t d2; };
    __device__ static Raw fetch(const GemmParams &p, int n, int kt, int half) {
        const int block = kt * 4 + half * 2;
        const uint4 *qs = reinterpret_cast<const uint4 *>(static_cast<const int8_t *>(p.b) +
                                                          static_cast<size_t>(n) * p.K + block * HT_QK8_0);
        const uint32_t d2 = *reinterpret_cast<const uint32_t *>(static_cast<const uint16_t *>(p.b_aux) +
                                                                static_cast<size_t>(n) * (p.K / HT_QK8_0) + block);
        return Raw{{qs[0], qs[1], qs[2], qs[3]}, d2};
    }
    __device__ static void decode(const Raw &r, const GemmParams &, int, int, int, uint32_t (&out)[16],
                                  float2 (&slice)[2]) {
        slice[0] = make_float2(half_bits_to_float(r.d2 & 0xFFFFu), 0.0f);
        slice[1] = make_float2(half_bits_to_float(r.d2 >> 16), 0.0f);
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            out[4 * i] = r.q[i].x;
            out[4 * i + 1] = r.q[i].y;
            out[4 * i + 2] = r.q[i].z;
            out[4 * i + 3] = r.q[i].w;
        }
    }
};

// NF4 codes looked up 4 at a time with byte permutes instead of a select chain per weight (15 compares and 15
// selects, which made the NF4 decode compute-bound): the 16 codes' fp32 bit patterns as 4 byte planes, each held as
// codes 0-7 (lo) and 8-15 (hi) in two words; per plane one permute picks byte p of codes q & 7 from each half, a
// byte mask from bit 3 of each q picks the half, and 8 permutes transpose the planes into the 4 floats. The words
// are computed from HT_NF4_CODES_INIT (constants after folding), so the codes have one source.
struct Nf4Table {
    uint32_t lo[4][2], hi[4][2];  // [plane p][word j]: byte k = byte p of code 4j + k (lo) or 8 + 4j + k (hi)
};
__device__ __forceinline__ Nf4Table nf4_table() {
    const float codes[16] = HT_NF4_CODES_INIT;
    Nf4Table t;
#pragma unroll
    for (int p = 0; p < 4; ++p)
#pragma unroll
        for (int j = 0; j < 2; ++j) {
            t.lo[p][j] = t.hi[p][j] = 0;
#pragma unroll
            for (int k = 0; k < 4; ++k) {
                t.lo[p][j] |= ((__float_as_uint(codes[4 * j + k]) >> (8 * p)) & 0xFFu) << (8 * k);
                t.hi[p][j] |= ((__float_as_uint(codes[8 + 4 * j + k]) >> (8 * p)) & 0xFFu) << (8 * k);
            }
        }
    return t;
}

// The NF4 codes of the 4 nibbles in the low 16 bits of w (nibble k = bits 4k .. 4k + 3).
__device__ __forceinline__ void nf4_codes4(const Nf4Table &t, uint32_t w, float (&v)[4]) {
    const uint32_t sel = w & 0x7777u;
    // byte k = 0xFF where nibble k >= 8: prmt's sign mode replicates bit 7 of the chosen byte, which is bit 3 of
    // nibble 2i (from w << 4) or 2i + 1 (from w)
    uint32_t half;
    asm("prmt.b32 %0, %1, %2, %3;" : "=r"(half) : "r"(w), "r"(w << 4), "r"(0x9D8Cu));
    uint32_t plane[4];
#pragma unroll
    for (int p = 0; p < 4; ++p) {
        const uint32_t lo = __byte_perm(t.lo[p][0], t.lo[p][1], sel), hi = __byte_perm(t.hi[p][0], t.hi[p][1], sel);
        plane[p] = (lo & ~half) | (hi & half);
    }
    const uint32_t a = __byte_perm(plane[0], plane[1], 0x5140), b = __byte_perm(plane[2], plane[3], 0x5140);
    const uint32_t c = __byte_perm(plane[0], plane[1], 0x7362), d = __byte_perm(plane[2], plane[3], 0x7362);
    v[0] = __uint_as_float(__byte_perm(a, b, 0x5410));
    v[1] = __uint_as_float(__byte_perm(a, b, 0x7632));
    v[2] = __uint_as_float(__byte_perm(c, d, 0x5410));
    v[3] = __uint_as_float(__byte_perm(c, d, 0x7632));
}

// NF4: qs [N][K/2] (weight 2i in the high nibble of byte i), absmax fp32 [N][K/64]; bf16 operand, tile = 64 K =
// one NF4 block, half = 16 bytes.
struct Nf4ToBf16 {
    static constexpr bool kS8 = false;
    static constexpr SliceScale kSlice = SliceScale::None;
    struct Raw { uint4 q; float absmax; };
    __device__ static Raw fetch(const GemmParams &p, int n, int kt, int half) {
        const uint4 *qs = reinterpret_cast<const uint4 *>(static_cast<const uint8_t *>(p.b) +
                                                          static_cast<size_t>(n) * (p.K / 2) + kt * 32 + half * 16);
        const float absmax = static_cast<const float *>(p.b_aux)[static_cast<size_t>(n) * (p.K / HT_QK_NF4) + kt];
        return Raw{qs[0], absmax};
    }
    // Each byte's pair: (high nibble, low nibble), the weights 2i and 2i + 1, each code * absmax rounded once.
    __device__ static void decode(const Raw &r, const GemmParams &, int, int, int, uint32_t (&out)[16], float2 (&)[2]) {
        const Nf4Table table = nf4_table();
        const uint32_t words[4] = {r.q.x, r.q.y, r.q.z, r.q.w};
#pragma unroll
        for (int w = 0; w < 4; ++w)
#pragma unroll
            for (int h = 0; h < 2; ++h) {  // bytes 2h, 2h + 1: nibbles lo, hi, lo, hi
                float v[4];
                nf4_codes4(table, words[w] >> (16 * h), v);
                out[4 * w + 2 * h] = pack_bf16x2(v[1] * r.absmax, v[0] * r.absmax);
                out[4 * w + 2 * h + 1] = pack_bf16x2(v[3] * r.absmax, v[2] * r.absmax);
            }
    }
};

// FP8 E4M3 weights [N][K] with a per-channel fp32 scale [N]; bf16 operand, tile = 64 K, half = 32 bytes.
struct Fp8ToBf16 {
    static constexpr bool kS8 = false;
    static constexpr SliceScale kSlice = SliceScale::None;
    struct Raw { uint4 q0, q1; float scale; };
    __device__ static Raw fetch(const GemmParams &p, int n, int kt, int half) {
        const uint4 *q = reinterpret_cast<const uint4 *>(static_cast<const uint8_t *>(p.b) +
                                                         static_cast<size_t>(n) * p.K + kt * 64 + half * 32);
        return Raw{q[0], q[1], static_cast<const float *>(p.b_aux)[n]};
    }
    __device__ static void decode(const Raw &r, const GemmParams &, int, int, int, uint32_t (&out)[16], float2 (&)[2]) {
        const uint32_t words[8] = {r.q0.x, r.q0.y, r.q0.z, r.q0.w, r.q1.x, r.q1.y, r.q1.z, r.q1.w};
#pragma unroll
        for (int w = 0; w < 8; ++w) {
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const __half2_raw pair = __nv_cvt_fp8x2_to_halfraw2(
                    static_cast<__nv_fp8x2_storage_t>((words[w] >> (16 * h)) & 0xFFFFu), __NV_E4M3);
                const float2 f = __half22float2(*reinterpret_cast<const __half2 *>(&pair));
                out[2 * w + h] = pack_bf16x2(f.x * r.scale, f.y * r.scale);
            }
        }
    }
};

}  // namespace ht
