/*
 * Halftone CUDA C API: device buffers, streams and the fused quantized GEMMs.
 * Every entry point returns an ht_status; on failure ht_last_error() gives a thread-local message that
 * carries the CUDA error text. The caller owns every buffer (allocated with ht_malloc or by a framework);
 * the library keeps no device memory of its own. Matrices are row-major: activations [M][K], weights
 * [N][K] (PyTorch Linear / GGUF order: blocks run along K), outputs [M][N].
 * The Java mirror of this file is dev.halftone.cuda.HalftoneCuda (one native method per entry point).
 */
#ifndef HALFTONE_CUDA_H
#define HALFTONE_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define HT_API __declspec(dllexport)
#else
#define HT_API __attribute__((visibility("default")))
#endif

typedef enum {
    HT_OK = 0,
    HT_ERR_CUDA = 1,             /* a CUDA runtime or driver call or a kernel launch failed */
    HT_ERR_INVALID_ARGUMENT = 2, /* a null pointer, a shape the kernel does not take, ... */
    HT_ERR_UNSUPPORTED = 3       /* no kernel for this device (for example the sm_90a path on sm_86) */
} ht_status;

/* Which GEMM implementation runs the int8 x int8 product. */
typedef enum {
    HT_PATH_AUTO = 0,     /* WGMMA on sm_90a devices when M > 64, MMA_SYNC otherwise */
    HT_PATH_MMA_SYNC = 1, /* mma.sync m16n8k32 + cp.async pipeline (sm_86 design, also runs on sm_90) */
    HT_PATH_WGMMA = 2,    /* wgmma s8 + bulk tensor copies, sm_90a only */
    HT_PATH_MMA_SYNC_WIDE = 3 /* mma.sync with 128 x 256 tiles (144 KB of shared memory: sm_90 only) */
} ht_gemm_path;

/* Identifies the layout a size query is about (ht_block_layout). */
typedef enum { HT_LAYOUT_Q8_0 = 0, HT_LAYOUT_Q4_K = 1 } ht_layout;

/* Fused epilogue of every bf16-output GEMM:
 *   y = acc_f * row_scale[m] * col_scale[n] + bias[n]   (each factor and term optional: null skips it)
 *   out = residual == null ? y : residual[m][n] + gate[n] * y   (gate null means 1)
 * acc_f is float(int32 accumulator) for W8A8, the float sum for the others. W8A8 applies the factors
 * left to right with round-to-nearest float operations and no fused multiply-add, so a CPU reference
 * reproduces its bf16 output bit for bit. */
typedef struct {
    const float *row_scale;      /* [M] per-token activation scale, or null */
    const float *col_scale;      /* [N] per-channel weight scale, or null */
    const uint16_t *bias;        /* [N] bf16, or null */
    const uint16_t *residual;    /* [M][N] bf16, or null (DiT: h + gate * linear(x)) */
    const uint16_t *gate;        /* [N] bf16, or null */
} ht_epilogue;

HT_API const char *ht_last_error(void);
HT_API const char *ht_version(void);

/* Sizes in bytes of the block layouts the kernels were compiled with (blocks.h). */
HT_API ht_status ht_block_layout(ht_layout layout, int32_t *weights_per_block, int32_t *bytes_per_block);

/* Devices and memory. */
HT_API ht_status ht_device_count(int32_t *count);
HT_API ht_status ht_device_properties(int32_t device, char *name, int32_t name_capacity, int32_t *cc_major,
                                      int32_t *cc_minor, int32_t *multiprocessors, int64_t *global_memory_bytes);
HT_API ht_status ht_set_device(int32_t device);
HT_API ht_status ht_malloc(int64_t bytes, void **pointer);
HT_API ht_status ht_free(void *pointer);
HT_API ht_status ht_memcpy_to_device(void *device_dst, const void *host_src, int64_t bytes, void *stream);
HT_API ht_status ht_memcpy_to_host(void *host_dst, const void *device_src, int64_t bytes, void *stream);
HT_API ht_status ht_memset(void *device_dst, int32_t byte_value, int64_t bytes, void *stream);
HT_API ht_status ht_stream_create(void **stream);
HT_API ht_status ht_stream_destroy(void *stream);
HT_API ht_status ht_stream_synchronize(void *stream);

/* Fused activation quantization, one pass over bf16 x [M][K]:
 *   v = float(x[m][k]) * smooth_inverse[k]          (SmoothQuant X diag(s)^-1; null means 1)
 *   amax = max_k |v|;  x_scale[m] = amax / 127;  inverse = 127 / amax    (float divisions, round to nearest)
 *   xq[m][k] = clamp(rint(v * inverse), -127, 127)  (round half to even; 0 for an all-zero row)
 *   block_sums[m][k/32] = sum of xq over each 32 k   (optional, for the Q4_K int8 GEMM; null skips)
 * K must be a multiple of 128. */
HT_API ht_status ht_quantize_activations(const uint16_t *x, const float *smooth_inverse, int32_t M, int32_t K,
                                         int8_t *xq, float *x_scale, int32_t *block_sums, void *stream);

/* W8A8: xq [M][K] int8 x w [N][K] int8 -> int32 on tensor cores, fused epilogue to bf16 out [M][N]
 * (row_scale = per-token x_scale, col_scale = per-channel weight scale). K % 128 == 0, N % 8 == 0. */
HT_API ht_status ht_gemm_w8a8(const int8_t *xq, const int8_t *w, const ht_epilogue *epilogue, int32_t M,
                              int32_t N, int32_t K, uint16_t *out, int32_t path, void *stream);

/* The same product with the raw int32 accumulators written to out_s32 [M][N] (for exactness checks). */
HT_API ht_status ht_gemm_w8a8_s32(const int8_t *xq, const int8_t *w, int32_t M, int32_t N, int32_t K,
                                  int32_t *out_s32, int32_t path, void *stream);

/* Repacks GGUF Q8_0 blocks [N][K/32] into int8 qs [N][K] and fp16 d [N][K/32] (same bytes, aligned). */
HT_API ht_status ht_repack_q8_0(const void *blocks, int32_t N, int32_t K, int8_t *qs, uint16_t *d, void *stream);

/* bf16 activations x [M][K] times block-quantized weights, dequantized in shared memory, bf16 mma.sync. */
HT_API ht_status ht_gemm_q8_0_bf16(const uint16_t *x, const int8_t *qs, const uint16_t *d,
                                   const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                                   void *stream);
HT_API ht_status ht_gemm_q4_K_bf16(const uint16_t *x, const void *blocks, const ht_epilogue *epilogue, int32_t M,
                                   int32_t N, int32_t K, uint16_t *out, void *stream);
HT_API ht_status ht_gemm_nf4_bf16(const uint16_t *x, const uint8_t *qs, const float *absmax,
                                  const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                                  void *stream);
/* FP8 E4M3 weights [N][K] with a per-output-channel float scale (col_scale of the epilogue is applied after). */
HT_API ht_status ht_gemm_fp8_bf16(const uint16_t *x, const uint8_t *w_e4m3, const float *w_scale,
                                  const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                                  void *stream);

/* Repacks GGUF Q4_K blocks [N][K/256] (144 bytes each) into the layout of ht_gemm_q4_K_bf16_packed: the same
 * byte count, reordered for the tensor cores' register fragments. N % 64 == 0, K % 256 == 0. */
HT_API ht_status ht_repack_q4_K(const void *blocks, int32_t N, int32_t K, void *packed, void *stream);
/* bf16 activations x repacked Q4_K weights (ht_repack_q4_K), decoded in registers. M <= 4 (any sm_80+ device) and on
 * sm_90a M <= 16 mma.sync, the weights never rounded to bf16 (as ht_gemm_q4_K_bf16's small-M kernel); 17 <= M <= 64 wgmma with K split over a
 * thread-block cluster; larger M wgmma on 256-token tiles; both wgmma kernels round the weights to bf16 (as its
 * large-M kernels). Elsewhere M <= 32 on mma.sync and HT_ERR_UNSUPPORTED above. N % 64 == 0, K % 256 == 0. */
HT_API ht_status ht_gemm_q4_K_bf16_packed(const uint16_t *x, const void *packed, const ht_epilogue *epilogue, int32_t M,
                                          int32_t N, int32_t K, uint16_t *out, void *stream);
/* The same repacked Q4_K weights times int8 activations, as ggml's Q4_K x Q8_K: x is first quantized into scratch
 * per token and 256-value super-block (one fp32 scale amax / 127, int8 values rint(x * 127 / amax), and each 32-value
 * sub-block's bf16-x sum as a bf16 hi + lo pair), then int8 tensor cores multiply the nibbles. For 1 <= M <= 64 (the
 * weight stream is what such calls cost); sm_80 and later, K split over a thread-block cluster on sm_90. scratch:
 * ht_gemm_q4_K_packed_q8_scratch_bytes(M, K) bytes, 16-byte aligned; it holds the quantized activations afterwards,
 * rows = M rounded up to 8, S = K / 256, as [S][rows / 8] units of 2336 bytes for 8 tokens and a super-block: int8
 * values [4][8 tokens][64] (in the mma fragment order of q8k_activations.cuh), bf16 sums [8 tokens][16], fp32 scales
 * [8 tokens]. N % 64 == 0, K % 256 == 0. */
HT_API int64_t ht_gemm_q4_K_packed_q8_scratch_bytes(int32_t M, int32_t K);
HT_API ht_status ht_gemm_q4_K_packed_q8(const uint16_t *x, const void *packed, const ht_epilogue *epilogue, int32_t M,
                                        int32_t N, int32_t K, uint16_t *out, void *scratch, int64_t scratch_bytes,
                                        void *stream);

/* Weight-only GEMMs for many tokens in two steps, on purpose: the weights are dequantized to bf16, a slab of
 * channels at a time, into scratch (each weight exactly as that format's fused bf16 kernels make it), and cuBLASLt's
 * bf16 GEMM (fp32 accumulation) multiplies each slab, its bias fused. With thousands of tokens the product is
 * compute-bound, so the weights' trip through memory costs a few percent and cuBLAS's GEMM is the fastest there
 * is; with a slab that stays in L2 the weights are read from DRAM in their stored format. w and w_aux per format:
 *   HT_WEIGHTS_Q8_0          ht_repack_q8_0's qs [N][K] and d [N][K/32]
 *   HT_WEIGHTS_Q4_K          GGUF blocks [N][K/256], w_aux null
 *   HT_WEIGHTS_Q4_K_PACKED   ht_repack_q4_K's layout, w_aux null (N % 64 == 0)
 *   HT_WEIGHTS_NF4           qs [N][K/2] and absmax [N][K/64], as ht_gemm_nf4_bf16
 *   HT_WEIGHTS_FP8           E4M3 [N][K] and the per-channel scale [N], as ht_gemm_fp8_bf16 */
typedef enum {
    HT_WEIGHTS_Q8_0 = 0,
    HT_WEIGHTS_Q4_K = 1,
    HT_WEIGHTS_Q4_K_PACKED = 2,
    HT_WEIGHTS_NF4 = 3,
    HT_WEIGHTS_FP8 = 4
} ht_weight_format;
/* scratch holds HT_CUBLASLT_WORKSPACE_BYTES for cuBLASLt, then the slab: as many channels as fit (a multiple of 128,
 * or all N), at least min(N, 128). The epilogue may carry a bias only. cuBLASLt is loaded on first use
 * (libcublasLt.so.13 or .12 on the library path, or the file named by HT_CUBLASLT_LIBRARY); HT_ERR_UNSUPPORTED says
 * why when it cannot be. K % 256 == 0 (Q4_K) or K % 128 == 0, N % 8 == 0. */
#define HT_CUBLASLT_WORKSPACE_BYTES (32 << 20)
HT_API ht_status ht_gemm_dequant_bf16(int32_t format, const uint16_t *x, const void *w, const void *w_aux,
                                      const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                                      void *scratch, int64_t scratch_bytes, void *stream);
/* HT_OK when cuBLASLt is loaded (loading it on the first call), else HT_ERR_UNSUPPORTED with the reason. */
HT_API ht_status ht_cublaslt_status(void);
/* The first step alone: channels n0 .. n1 - 1 of weights [N][K] to bf16 out [n1 - n0][K] (packed Q4_K: n0 and n1
 * multiples of 64). Q8_0, Q4_K, NF4, FP8: the fp32 value of ggml's / bitsandbytes' formula (d*q, d*sc*q - dmin*m,
 * code*absmax, e4m3*scale) rounded to bf16; packed Q4_K: q4k_affine's fused multiply-add rounded to bf16; always
 * round to nearest even. */
HT_API ht_status ht_dequantize_weights(int32_t format, const void *w, const void *w_aux, int32_t N, int32_t K,
                                       int32_t n0, int32_t n1, uint16_t *out, void *stream);

/* int8 activations (ht_quantize_activations) times block-quantized weights, llama.cpp MMQ style: nibbles
 * expanded to int8 in shared memory, int8 mma.sync per 32-wide K slice, the slice's float scale (and the
 * Q4_K min times block_sums) applied per slice; epilogue.row_scale should be x_scale. */
HT_API ht_status ht_gemm_q8_0_q8(const int8_t *xq, const int8_t *qs, const uint16_t *d,
                                 const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                                 void *stream);
HT_API ht_status ht_gemm_q4_K_q8(const int8_t *xq, const int32_t *block_sums, const void *blocks,
                                 const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                                 void *stream);

#ifdef __cplusplus
}
#endif

#endif /* HALFTONE_CUDA_H */
