/*
 * Halftone's native single source for the weight block layouts that the CUDA kernels read.
 * Layouts follow ggml-org/ggml src/ggml-common.h (block_q8_0, block_q4_K) and bitsandbytes NF4;
 * the Java side (kernels/formats WeightFormat) is checked against the sizes this header reports
 * through ht_block_layout() (CudaLayoutTest), so neither side can drift alone.
 * Compiled as C++ and CUDA C++.
 */
#ifndef HALFTONE_BLOCKS_H
#define HALFTONE_BLOCKS_H

#include <stdint.h>

#define HT_QK8_0 32          /* weights per Q8_0 block */
#define HT_QK_K 256          /* weights per K-quant super-block */
#define HT_K_SCALE_SIZE 12   /* bytes of packed 6-bit scales and mins in Q4_K */
#define HT_QK_NF4 64         /* weights per NF4 block (bitsandbytes blocksize 64) */

/* IEEE binary16 bits, as ggml_half. */
typedef uint16_t ht_half_bits;

/* Q8_0: 32 weights, 8.5 bits per weight. w = qs[i] * d. */
typedef struct {
    ht_half_bits d;          /* delta */
    int8_t qs[HT_QK8_0];     /* quants */
} ht_block_q8_0;

/* Q4_K: 256 weights in 8 sub-blocks of 32, 4.5 bits per weight.
 * w = d * sc_j * q - dmin * m_j with 6-bit (sc_j, m_j) packed in scales (ggml get_scale_min_k4).
 * qs[32c + l] holds sub-block 2c in its low nibble and sub-block 2c+1 in its high nibble. */
typedef struct {
    ht_half_bits d;                  /* super-block scale for the quantized scales */
    ht_half_bits dmin;               /* super-block scale for the quantized mins */
    uint8_t scales[HT_K_SCALE_SIZE]; /* scales and mins, quantized with 6 bits */
    uint8_t qs[HT_QK_K / 2];         /* 4-bit quants */
} ht_block_q4_K;

#ifdef __cplusplus
static_assert(sizeof(ht_block_q8_0) == sizeof(ht_half_bits) + HT_QK8_0, "wrong q8_0 block size/padding");
static_assert(sizeof(ht_block_q4_K) == 2 * sizeof(ht_half_bits) + HT_K_SCALE_SIZE + HT_QK_K / 2,
              "wrong q4_K block size/padding");
#endif

/* NF4 (bitsandbytes, QLoRA): per row of K weights, K/2 packed bytes where weight 2i is the HIGH nibble
 * and weight 2i+1 the low nibble of byte i, plus one fp32 absmax per 64 weights; w = HT_NF4_CODES[q] * absmax. */
#define HT_NF4_CODES_INIT {                                                                 \
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,              \
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,              \
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f, \
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f }

#endif /* HALFTONE_BLOCKS_H */
