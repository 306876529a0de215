// The C API (halftone_cuda.h): argument checks, path selection, and the thin wrappers over the CUDA runtime.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "act_quant.cuh"
#include "common.cuh"
#include "dequant_linear.cuh"
#include "gemm_paths.cuh"
#include "halftone/blocks.h"
#include "q4k_packed_layout.cuh"
#include "q8k_activations.cuh"

namespace ht {

namespace {
thread_local std::string last_error;
}

ht_status fail(ht_status status, const std::string &message) {
    last_error = message;
    return status;
}

ht_status fail_cuda(cudaError_t error, const char *function, const char *what) {
    last_error = std::string(function) + ": " + what + " failed: " + cudaGetErrorName(error) + ": " +
                 cudaGetErrorString(error);
    return HT_ERR_CUDA;
}

namespace {

cudaStream_t as_stream(void *stream) { return static_cast<cudaStream_t>(stream); }

// Every GEMM: positive shapes, K a multiple of the 128-byte tile row, N a multiple of 8 (bf16 pairs, n8 tiles).
ht_status check_shape(const char *function, int M, int N, int K, int k_multiple) {
    if (M <= 0 || N <= 0 || K <= 0)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": M, N and K must be positive, got M=" +
                                                 std::to_string(M) + " N=" + std::to_string(N) + " K=" + std::to_string(K));
    if (K % k_multiple != 0)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": K must be a multiple of " +
                                                 std::to_string(k_multiple) + ", got " + std::to_string(K));
    if (N % 8 != 0)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": N must be a multiple of 8, got " + std::to_string(N));
    return HT_OK;
}

// K of a stored weight format is a multiple of this: a Q4_K super-block, or the 128 the other GEMMs tile by.
int weights_k_multiple(int32_t format) {
    return format == HT_WEIGHTS_Q4_K || format == HT_WEIGHTS_Q4_K_PACKED ? HT_QK_K : 128;
}

// The dequantizing entry points: a known format, its auxiliary array where it has one, and the format's shape rules
// (K per block or tile; packed Q4_K in 64-channel groups).
ht_status check_weights(const char *function, int32_t format, const void *w_aux, int N, int K) {
    if (format < HT_WEIGHTS_Q8_0 || format > HT_WEIGHTS_FP8)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": unknown weight format " + std::to_string(format));
    const bool has_aux = format == HT_WEIGHTS_Q8_0 || format == HT_WEIGHTS_NF4 || format == HT_WEIGHTS_FP8;
    if (has_aux && w_aux == nullptr)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": this format's scales (w_aux) must not be null");
    const int k_multiple = weights_k_multiple(format);
    if (N <= 0 || K <= 0 || K % k_multiple != 0)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": N must be positive and K a positive multiple of " +
                                                 std::to_string(k_multiple) + ", got N=" + std::to_string(N) + " K=" +
                                                 std::to_string(K));
    if (format == HT_WEIGHTS_Q4_K_PACKED && N % kQ4KPackedGroup != 0)
        return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": packed Q4_K needs N a multiple of " +
                                                 std::to_string(kQ4KPackedGroup) + ", got " + std::to_string(N));
    return HT_OK;
}

ht_epilogue epilogue_or_empty(const ht_epilogue *epilogue) { return epilogue != nullptr ? *epilogue : ht_epilogue{}; }

MmaTile tile_for(int M) { return M <= 64 ? MmaTile::Small : MmaTile::Standard; }

ht_status gemm_w8a8_any(const char *function, const int8_t *xq, const int8_t *w, const ht_epilogue &epilogue, int M,
                        int N, int K, void *out, bool out_s32, int32_t path, cudaStream_t stream) {
    HT_REQUIRE(xq != nullptr && w != nullptr && out != nullptr, "xq, w and out must not be null");
    ht_status status = check_shape(function, M, N, K, 128);
    if (status != HT_OK) return status;
    int major = 0, minor = 0;
    status = current_compute_capability(major, minor);
    if (status != HT_OK) return status;
    const bool hopper = major == 9 && minor == 0;
    switch (path) {
        case HT_PATH_AUTO:
            if (hopper && M > 64) return gemm_w8a8_wgmma(xq, w, epilogue, M, N, K, out, out_s32, stream);
            return gemm_mma(WeightOperand::Int8, tile_for(M), GemmOperands{xq, nullptr, w, nullptr}, epilogue, M, N, K,
                            out, out_s32, stream);
        case HT_PATH_MMA_SYNC:
            return gemm_mma(WeightOperand::Int8, tile_for(M), GemmOperands{xq, nullptr, w, nullptr}, epilogue, M, N, K,
                            out, out_s32, stream);
        case HT_PATH_MMA_SYNC_WIDE:
            if (!hopper) return fail(HT_ERR_UNSUPPORTED, std::string(function) + ": the wide mma.sync tile needs 144 KB of shared memory (sm_90)");
            return gemm_mma(WeightOperand::Int8, MmaTile::Wide, GemmOperands{xq, nullptr, w, nullptr}, epilogue, M, N, K,
                            out, out_s32, stream);
        case HT_PATH_WGMMA:
            if (!hopper)
                return fail(HT_ERR_UNSUPPORTED, std::string(function) + ": the wgmma path needs an sm_90 device, this one is sm_" +
                                                    std::to_string(major) + std::to_string(minor));
            return gemm_w8a8_wgmma(xq, w, epilogue, M, N, K, out, out_s32, stream);
        default:
            return fail(HT_ERR_INVALID_ARGUMENT, std::string(function) + ": unknown path " + std::to_string(path));
    }
}

// A small-M kernel's largest M: cap, lowered by the environment variable name (0 turns the kernel off), read on
// every call so that one process can time both paths on the same GPU (gpu_bench.py). HT_Q4K_SMALL_M_MAX bounds
// ht_gemm_q4_K_bf16's small-M kernel (kQ4KSmallM); for ht_gemm_q4_K_bf16_packed, HT_Q4K_PACKED_SPLIT_K_MAX bounds
// the Hopper split-K kernel (kQ4KPackedSplitKMaxM, from kQ4KPackedSplitKAboveM + 1), HT_Q4K_PACKED_SMALL_M_MAX the
// mma.sync one (kQ4KPackedSmallM), which runs where the first does not, and HT_Q4K_PACKED_FEW_TOKENS_MAX the
// few-token kernel (kQ4KPackedFewTokensM).
int small_m_max(const char *name, int cap) {
    const char *value = std::getenv(name);
    return value != nullptr ? std::min(std::atoi(value), cap) : cap;
}

// Whether ht_gemm_q4_K_bf16 may take the wgmma kernel (Hopper, M > kQ4KWgmmaAboveM); HT_Q4K_WGMMA=0 in the
// environment turns it off, read on every call like HT_Q4K_SMALL_M_MAX (gpu_bench.py times both paths).
bool q4k_wgmma_enabled() {
    const char *value = std::getenv("HT_Q4K_WGMMA");
    return value == nullptr || std::strcmp(value, "0") != 0;
}

ht_status gemm_weights(const char *function, WeightOperand operand, const void *a, const int32_t *a_block_sums,
                       const void *w, const void *w_aux, const ht_epilogue *epilogue, int M, int N, int K, uint16_t *out,
                       void *stream, int k_multiple) {
    ht_status status = check_shape(function, M, N, K, k_multiple);
    if (status != HT_OK) return status;
    if (operand == WeightOperand::Q4_KBf16 && M <= small_m_max("HT_Q4K_SMALL_M_MAX", kQ4KSmallM))
        return gemm_q4_K_bf16_small_m(a, w, epilogue_or_empty(epilogue), M, N, K, out, as_stream(stream));
    if (operand == WeightOperand::Q4_KBf16 && M > kQ4KWgmmaAboveM && q4k_wgmma_enabled()) {
        int major = 0, minor = 0;
        status = current_compute_capability(major, minor);
        if (status != HT_OK) return status;
        if (major == 9 && minor == 0)
            return gemm_q4_K_bf16_wgmma(a, w, epilogue_or_empty(epilogue), M, N, K, out, as_stream(stream));
    }
    return gemm_mma(operand, tile_for(M), GemmOperands{a, a_block_sums, w, w_aux}, epilogue_or_empty(epilogue), M, N, K,
                    out, false, as_stream(stream));
}

}  // namespace
}  // namespace ht

using ht::fail;

extern "C" {

const char *ht_last_error(void) { return ht::last_error.c_str(); }

const char *ht_version(void) { return "halftone-cuda 0.1.0"; }

ht_status ht_block_layout(ht_layout layout, int32_t *weights_per_block, int32_t *bytes_per_block) {
    HT_REQUIRE(weights_per_block != nullptr && bytes_per_block != nullptr, "outputs must not be null");
    switch (layout) {
        case HT_LAYOUT_Q8_0: *weights_per_block = HT_QK8_0; *bytes_per_block = sizeof(ht_block_q8_0); return HT_OK;
        case HT_LAYOUT_Q4_K: *weights_per_block = HT_QK_K; *bytes_per_block = sizeof(ht_block_q4_K); return HT_OK;
    }
    return fail(HT_ERR_INVALID_ARGUMENT, "ht_block_layout: unknown layout " + std::to_string(static_cast<int>(layout)));
}

ht_status ht_device_count(int32_t *count) {
    HT_REQUIRE(count != nullptr, "count must not be null");
    int n = 0;
    HT_TRY_CUDA(cudaGetDeviceCount(&n));
    *count = n;
    return HT_OK;
}

ht_status ht_device_properties(int32_t device, char *name, int32_t name_capacity, int32_t *cc_major, int32_t *cc_minor,
                               int32_t *multiprocessors, int64_t *global_memory_bytes) {
    HT_REQUIRE(name != nullptr && name_capacity > 0 && cc_major != nullptr && cc_minor != nullptr &&
                   multiprocessors != nullptr && global_memory_bytes != nullptr,
               "outputs must not be null");
    cudaDeviceProp prop;
    HT_TRY_CUDA(cudaGetDeviceProperties(&prop, device));
    std::strncpy(name, prop.name, static_cast<size_t>(name_capacity) - 1);
    name[name_capacity - 1] = '\0';
    *cc_major = prop.major;
    *cc_minor = prop.minor;
    *multiprocessors = prop.multiProcessorCount;
    *global_memory_bytes = static_cast<int64_t>(prop.totalGlobalMem);
    return HT_OK;
}

ht_status ht_set_device(int32_t device) {
    HT_TRY_CUDA(cudaSetDevice(device));
    return HT_OK;
}

ht_status ht_malloc(int64_t bytes, void **pointer) {
    HT_REQUIRE(pointer != nullptr && bytes > 0, "pointer must not be null and bytes positive");
    HT_TRY_CUDA(cudaMalloc(pointer, static_cast<size_t>(bytes)));
    return HT_OK;
}

ht_status ht_free(void *pointer) {
    HT_TRY_CUDA(cudaFree(pointer));
    return HT_OK;
}

ht_status ht_memcpy_to_device(void *device_dst, const void *host_src, int64_t bytes, void *stream) {
    HT_REQUIRE(device_dst != nullptr && host_src != nullptr && bytes >= 0, "pointers must not be null");
    HT_TRY_CUDA(cudaMemcpyAsync(device_dst, host_src, static_cast<size_t>(bytes), cudaMemcpyHostToDevice, ht::as_stream(stream)));
    HT_TRY_CUDA(cudaStreamSynchronize(ht::as_stream(stream)));
    return HT_OK;
}

ht_status ht_memcpy_to_host(void *host_dst, const void *device_src, int64_t bytes, void *stream) {
    HT_REQUIRE(host_dst != nullptr && device_src != nullptr && bytes >= 0, "pointers must not be null");
    HT_TRY_CUDA(cudaMemcpyAsync(host_dst, device_src, static_cast<size_t>(bytes), cudaMemcpyDeviceToHost, ht::as_stream(stream)));
    HT_TRY_CUDA(cudaStreamSynchronize(ht::as_stream(stream)));
    return HT_OK;
}

ht_status ht_memset(void *device_dst, int32_t byte_value, int64_t bytes, void *stream) {
    HT_REQUIRE(device_dst != nullptr && bytes >= 0, "device_dst must not be null");
    HT_TRY_CUDA(cudaMemsetAsync(device_dst, byte_value, static_cast<size_t>(bytes), ht::as_stream(stream)));
    return HT_OK;
}

ht_status ht_stream_create(void **stream) {
    HT_REQUIRE(stream != nullptr, "stream must not be null");
    cudaStream_t s;
    HT_TRY_CUDA(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    *stream = s;
    return HT_OK;
}

ht_status ht_stream_destroy(void *stream) {
    HT_TRY_CUDA(cudaStreamDestroy(ht::as_stream(stream)));
    return HT_OK;
}

ht_status ht_stream_synchronize(void *stream) {
    HT_TRY_CUDA(cudaStreamSynchronize(ht::as_stream(stream)));
    return HT_OK;
}

ht_status ht_quantize_activations(const uint16_t *x, const float *smooth_inverse, int32_t M, int32_t K, int8_t *xq,
                                  float *x_scale, int32_t *block_sums, void *stream) {
    return ht::quantize_activations(x, smooth_inverse, M, K, xq, x_scale, block_sums, ht::as_stream(stream));
}

ht_status ht_gemm_w8a8(const int8_t *xq, const int8_t *w, const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K,
                       uint16_t *out, int32_t path, void *stream) {
    return ht::gemm_w8a8_any(__func__, xq, w, ht::epilogue_or_empty(epilogue), M, N, K, out, false, path, ht::as_stream(stream));
}

ht_status ht_gemm_w8a8_s32(const int8_t *xq, const int8_t *w, int32_t M, int32_t N, int32_t K, int32_t *out_s32,
                           int32_t path, void *stream) {
    return ht::gemm_w8a8_any(__func__, xq, w, ht_epilogue{}, M, N, K, out_s32, true, path, ht::as_stream(stream));
}

ht_status ht_repack_q8_0(const void *blocks, int32_t N, int32_t K, int8_t *qs, uint16_t *d, void *stream) {
    HT_REQUIRE(blocks != nullptr && qs != nullptr && d != nullptr, "blocks, qs and d must not be null");
    HT_REQUIRE(N > 0 && K > 0 && K % HT_QK8_0 == 0, "N must be positive and K a positive multiple of 32");
    return ht::repack_q8_0(blocks, N, K, qs, d, ht::as_stream(stream));
}

ht_status ht_gemm_q8_0_bf16(const uint16_t *x, const int8_t *qs, const uint16_t *d, const ht_epilogue *epilogue,
                            int32_t M, int32_t N, int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(x != nullptr && qs != nullptr && d != nullptr && out != nullptr, "x, qs, d and out must not be null");
    return ht::gemm_weights(__func__, ht::WeightOperand::Q8_0Bf16, x, nullptr, qs, d, epilogue, M, N, K, out, stream, 128);
}

ht_status ht_gemm_q4_K_bf16(const uint16_t *x, const void *blocks, const ht_epilogue *epilogue, int32_t M, int32_t N,
                            int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(x != nullptr && blocks != nullptr && out != nullptr, "x, blocks and out must not be null");
    return ht::gemm_weights(__func__, ht::WeightOperand::Q4_KBf16, x, nullptr, blocks, nullptr, epilogue, M, N, K, out,
                            stream, HT_QK_K);
}

ht_status ht_repack_q4_K(const void *blocks, int32_t N, int32_t K, void *packed, void *stream) {
    HT_REQUIRE(blocks != nullptr && packed != nullptr, "blocks and packed must not be null");
    HT_REQUIRE(N > 0 && N % ht::kQ4KPackedGroup == 0,
               "N must be a positive multiple of " + std::to_string(ht::kQ4KPackedGroup) + ", got " + std::to_string(N));
    HT_REQUIRE(K > 0 && K % HT_QK_K == 0, "K must be a positive multiple of 256, got " + std::to_string(K));
    return ht::repack_q4_K(blocks, N, K, packed, ht::as_stream(stream));
}

int64_t ht_gemm_q4_K_packed_q8_scratch_bytes(int32_t M, int32_t K) { return ht::q8k_bytes(M, K); }

ht_status ht_gemm_q4_K_packed_q8(const uint16_t *x, const void *packed, const ht_epilogue *epilogue, int32_t M,
                                 int32_t N, int32_t K, uint16_t *out, void *scratch, int64_t scratch_bytes,
                                 void *stream) {
    HT_REQUIRE(x != nullptr && packed != nullptr && out != nullptr && scratch != nullptr,
               "x, packed, out and scratch must not be null");
    ht_status status = ht::check_shape(__func__, M, N, K, HT_QK_K);
    if (status != HT_OK) return status;
    HT_REQUIRE(N % ht::kQ4KPackedGroup == 0,
               "N must be a multiple of " + std::to_string(ht::kQ4KPackedGroup) + ", got " + std::to_string(N));
    HT_REQUIRE(M <= ht::kQ4KPackedQ8MaxM,
               "M must be at most " + std::to_string(ht::kQ4KPackedQ8MaxM) + ", got " + std::to_string(M));
    HT_REQUIRE(reinterpret_cast<uintptr_t>(scratch) % 16 == 0, "scratch must be 16-byte aligned");
    HT_REQUIRE(scratch_bytes >= ht::q8k_bytes(M, K), "scratch holds " + std::to_string(scratch_bytes) +
                                                         " bytes, the quantized activations need " +
                                                         std::to_string(ht::q8k_bytes(M, K)));
    return ht::gemm_q4_K_packed_q8(x, packed, ht::epilogue_or_empty(epilogue), M, N, K, out, scratch,
                                   ht::as_stream(stream));
}

ht_status ht_gemm_q4_K_bf16_packed(const uint16_t *x, const void *packed, const ht_epilogue *epilogue, int32_t M,
                                   int32_t N, int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(x != nullptr && packed != nullptr && out != nullptr, "x, packed and out must not be null");
    ht_status status = ht::check_shape(__func__, M, N, K, HT_QK_K);
    if (status != HT_OK) return status;
    HT_REQUIRE(N % ht::kQ4KPackedGroup == 0,
               "N must be a multiple of " + std::to_string(ht::kQ4KPackedGroup) + ", got " + std::to_string(N));
    int major = 0, minor = 0;
    status = ht::current_compute_capability(major, minor);
    if (status != HT_OK) return status;
    const bool hopper = major == 9 && minor == 0;
    if (M <= ht::small_m_max("HT_Q4K_PACKED_FEW_TOKENS_MAX", ht::kQ4KPackedFewTokensM))
        return ht::gemm_q4_K_bf16_packed_few_tokens(x, packed, ht::epilogue_or_empty(epilogue), M, N, K, out,
                                                    ht::as_stream(stream));
    if (hopper && M > ht::kQ4KPackedSplitKAboveM &&
        M <= ht::small_m_max("HT_Q4K_PACKED_SPLIT_K_MAX", ht::kQ4KPackedSplitKMaxM))
        return ht::gemm_q4_K_bf16_packed_split_k(x, packed, ht::epilogue_or_empty(epilogue), M, N, K, out,
                                                 ht::as_stream(stream));
    if (M <= ht::small_m_max("HT_Q4K_PACKED_SMALL_M_MAX", ht::kQ4KPackedSmallM))
        return ht::gemm_q4_K_bf16_packed_small_m(x, packed, ht::epilogue_or_empty(epilogue), M, N, K, out,
                                                 ht::as_stream(stream));
    if (!hopper)
        return fail(HT_ERR_UNSUPPORTED, std::string(__func__) + ": above M = " + std::to_string(ht::kQ4KPackedSmallM) +
                                            " the packed Q4_K kernel needs an sm_90 device, this one is sm_" +
                                            std::to_string(major) + std::to_string(minor));
    return ht::gemm_q4_K_bf16_packed(x, packed, ht::epilogue_or_empty(epilogue), M, N, K, out, ht::as_stream(stream));
}

ht_status ht_cublaslt_status(void) { return ht::cublaslt_status(); }

ht_status ht_dequantize_weights(int32_t format, const void *w, const void *w_aux, int32_t N, int32_t K, int32_t n0,
                                int32_t n1, uint16_t *out, void *stream) {
    HT_REQUIRE(w != nullptr && out != nullptr, "w and out must not be null");
    ht_status status = ht::check_weights(__func__, format, w_aux, N, K);
    if (status != HT_OK) return status;
    const int group = format == HT_WEIGHTS_Q4_K_PACKED ? ht::kQ4KPackedGroup : 1;
    HT_REQUIRE(0 <= n0 && n0 < n1 && n1 <= N && n0 % group == 0 && n1 % group == 0,
               "channels n0..n1 must be a non-empty range inside 0.." + std::to_string(N) +
                   (group > 1 ? " of whole 64-channel groups" : "") + ", got " + std::to_string(n0) + ".." +
                   std::to_string(n1));
    return ht::dequantize_weights(static_cast<ht_weight_format>(format), w, w_aux, K, n0, n1, out,
                                  ht::as_stream(stream));
}

ht_status ht_gemm_dequant_bf16(int32_t format, const uint16_t *x, const void *w, const void *w_aux,
                               const ht_epilogue *epilogue, int32_t M, int32_t N, int32_t K, uint16_t *out,
                               void *scratch, int64_t scratch_bytes, void *stream) {
    HT_REQUIRE(x != nullptr && w != nullptr && out != nullptr && scratch != nullptr,
               "x, w, out and scratch must not be null");
    ht_status status = ht::check_weights(__func__, format, w_aux, N, K);
    if (status != HT_OK) return status;
    status = ht::check_shape(__func__, M, N, K, ht::weights_k_multiple(format));
    if (status != HT_OK) return status;
    const ht_epilogue e = ht::epilogue_or_empty(epilogue);
    HT_REQUIRE(e.row_scale == nullptr && e.col_scale == nullptr && e.residual == nullptr && e.gate == nullptr,
               "this path fuses only a bias (cuBLASLt's epilogue); use the format's fused GEMM for the other parts");
    const int64_t needed = HT_CUBLASLT_WORKSPACE_BYTES + 2 * static_cast<int64_t>(K) * std::min<int32_t>(N, 128);
    HT_REQUIRE(scratch_bytes >= needed, "scratch must hold cuBLASLt's workspace and one slab of min(N, 128) channels: " +
                                            std::to_string(needed) + " bytes, got " + std::to_string(scratch_bytes));
    return ht::gemm_dequant_bf16(static_cast<ht_weight_format>(format), x, w, w_aux, e.bias, M, N, K, out, scratch,
                                 static_cast<size_t>(scratch_bytes), ht::as_stream(stream));
}

ht_status ht_gemm_nf4_bf16(const uint16_t *x, const uint8_t *qs, const float *absmax, const ht_epilogue *epilogue,
                           int32_t M, int32_t N, int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(x != nullptr && qs != nullptr && absmax != nullptr && out != nullptr, "x, qs, absmax and out must not be null");
    return ht::gemm_weights(__func__, ht::WeightOperand::Nf4Bf16, x, nullptr, qs, absmax, epilogue, M, N, K, out, stream, 128);
}

ht_status ht_gemm_fp8_bf16(const uint16_t *x, const uint8_t *w_e4m3, const float *w_scale, const ht_epilogue *epilogue,
                           int32_t M, int32_t N, int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(x != nullptr && w_e4m3 != nullptr && w_scale != nullptr && out != nullptr,
               "x, w_e4m3, w_scale and out must not be null");
    return ht::gemm_weights(__func__, ht::WeightOperand::Fp8Bf16, x, nullptr, w_e4m3, w_scale, epilogue, M, N, K, out, stream, 128);
}

ht_status ht_gemm_q8_0_q8(const int8_t *xq, const int8_t *qs, const uint16_t *d, const ht_epilogue *epilogue, int32_t M,
                          int32_t N, int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(xq != nullptr && qs != nullptr && d != nullptr && out != nullptr, "xq, qs, d and out must not be null");
    return ht::gemm_weights(__func__, ht::WeightOperand::Q8_0Int8, xq, nullptr, qs, d, epilogue, M, N, K, out, stream, 128);
}

ht_status ht_gemm_q4_K_q8(const int8_t *xq, const int32_t *block_sums, const void *blocks, const ht_epilogue *epilogue,
                          int32_t M, int32_t N, int32_t K, uint16_t *out, void *stream) {
    HT_REQUIRE(xq != nullptr && block_sums != nullptr && blocks != nullptr && out != nullptr,
               "xq, block_sums, blocks and out must not be null");
    return ht::gemm_weights(__func__, ht::WeightOperand::Q4_KInt8, xq, block_sums, blocks, nullptr, epilogue, M, N, K, out,
                            stream, HT_QK_K);
}

}  // extern "C"
