"""ctypes binding of libhalftone_cuda's C API (halftone_cuda.h) over torch CUDA tensors, for the GPU checks and
benchmarks (gpu_check.py, gpu_bench.py). Every call raises RuntimeError with ht_last_error() on a non-OK status."""
import ctypes

import torch

PATH_AUTO, PATH_MMA_SYNC, PATH_WGMMA, PATH_MMA_SYNC_WIDE = 0, 1, 2, 3
# halftone_cuda.h HT_CUBLASLT_WORKSPACE_BYTES: the part of ht_gemm_dequant_bf16's scratch cuBLASLt gets.
CUBLASLT_WORKSPACE_BYTES = 32 << 20
# ht_weight_format
WEIGHTS_Q8_0, WEIGHTS_Q4_K, WEIGHTS_Q4_K_PACKED, WEIGHTS_NF4, WEIGHTS_FP8 = 0, 1, 2, 3, 4
WEIGHT_FORMAT_NAMES = {WEIGHTS_Q8_0: "q8_0", WEIGHTS_Q4_K: "q4_K", WEIGHTS_Q4_K_PACKED: "q4_K packed", WEIGHTS_NF4: "nf4",
                       WEIGHTS_FP8: "fp8"}
PATH_NAMES = {PATH_AUTO: "auto", PATH_MMA_SYNC: "mma.sync", PATH_WGMMA: "wgmma", PATH_MMA_SYNC_WIDE: "mma.sync-wide"}


class Epilogue(ctypes.Structure):
    _fields_ = [("row_scale", ctypes.c_void_p), ("col_scale", ctypes.c_void_p), ("bias", ctypes.c_void_p),
                ("residual", ctypes.c_void_p), ("gate", ctypes.c_void_p)]


def ptr(t):
    return None if t is None else ctypes.c_void_p(t.data_ptr())


def epilogue(row_scale=None, col_scale=None, bias=None, residual=None, gate=None):
    e = Epilogue(*(None if t is None else t.data_ptr() for t in (row_scale, col_scale, bias, residual, gate)))
    return ctypes.byref(e), e


class HalftoneCuda:
    def __init__(self, library_path):
        self.lib = ctypes.CDLL(library_path)
        self.lib.ht_last_error.restype = ctypes.c_char_p
        self.lib.ht_version.restype = ctypes.c_char_p

    def _check(self, status, what):
        if status != 0:
            raise RuntimeError(f"{what} -> status {status}: {self.lib.ht_last_error().decode()}")

    @staticmethod
    def _stream():
        return ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)

    def block_layout(self, layout):
        w, b = ctypes.c_int32(), ctypes.c_int32()
        self._check(self.lib.ht_block_layout(layout, ctypes.byref(w), ctypes.byref(b)), "ht_block_layout")
        return w.value, b.value

    def quantize_activations(self, x, smooth_inverse, xq, x_scale, block_sums=None):
        M, K = x.shape
        self._check(self.lib.ht_quantize_activations(ptr(x), ptr(smooth_inverse), M, K, ptr(xq), ptr(x_scale),
                                                     ptr(block_sums), self._stream()), "ht_quantize_activations")

    def gemm_w8a8(self, xq, w, out, path, **ep):
        M, K = xq.shape
        N = w.shape[0]
        e, keep = epilogue(**ep)
        self._check(self.lib.ht_gemm_w8a8(ptr(xq), ptr(w), e, M, N, K, ptr(out), path, self._stream()), "ht_gemm_w8a8")

    def gemm_w8a8_s32(self, xq, w, out, path):
        M, K = xq.shape
        N = w.shape[0]
        self._check(self.lib.ht_gemm_w8a8_s32(ptr(xq), ptr(w), M, N, K, ptr(out), path, self._stream()),
                    "ht_gemm_w8a8_s32")

    def repack_q8_0(self, blocks, N, K, qs, d):
        self._check(self.lib.ht_repack_q8_0(ptr(blocks), N, K, ptr(qs), ptr(d), self._stream()), "ht_repack_q8_0")

    def _weights(self, fn, name, a, extra, M, N, K, out, ep):
        e, keep = epilogue(**ep)
        self._check(fn(ptr(a), *[ptr(t) for t in extra], e, M, N, K, ptr(out), self._stream()), name)

    def gemm_q8_0_bf16(self, x, qs, d, out, **ep):
        self._weights(self.lib.ht_gemm_q8_0_bf16, "ht_gemm_q8_0_bf16", x, (qs, d), x.shape[0], qs.shape[0], x.shape[1], out, ep)

    def gemm_q4_K_bf16(self, x, blocks, N, out, **ep):
        self._weights(self.lib.ht_gemm_q4_K_bf16, "ht_gemm_q4_K_bf16", x, (blocks,), x.shape[0], N, x.shape[1], out, ep)

    def repack_q4_K(self, blocks, N, K, packed):
        self._check(self.lib.ht_repack_q4_K(ptr(blocks), N, K, ptr(packed), self._stream()), "ht_repack_q4_K")

    def gemm_q4_K_bf16_packed(self, x, packed, N, out, **ep):
        self._weights(self.lib.ht_gemm_q4_K_bf16_packed, "ht_gemm_q4_K_bf16_packed", x, (packed,), x.shape[0], N,
                      x.shape[1], out, ep)

    def gemm_q4_K_packed_q8_scratch_bytes(self, M, K):
        self.lib.ht_gemm_q4_K_packed_q8_scratch_bytes.restype = ctypes.c_int64
        return self.lib.ht_gemm_q4_K_packed_q8_scratch_bytes(M, K)

    def gemm_q4_K_packed_q8(self, x, packed, N, out, scratch, **ep):
        e, keep = epilogue(**ep)
        scratch_bytes = ctypes.c_int64(scratch.numel() * scratch.element_size())
        self._check(self.lib.ht_gemm_q4_K_packed_q8(ptr(x), ptr(packed), e, x.shape[0], N, x.shape[1], ptr(out),
                                                    ptr(scratch), scratch_bytes, self._stream()),
                    "ht_gemm_q4_K_packed_q8")

    def gemm_dequant_bf16(self, fmt, x, w, w_aux, N, out, scratch, **ep):
        e, keep = epilogue(**ep)
        scratch_bytes = ctypes.c_int64(scratch.numel() * scratch.element_size())
        self._check(self.lib.ht_gemm_dequant_bf16(fmt, ptr(x), ptr(w), ptr(w_aux), e, x.shape[0], N, x.shape[1], ptr(out),
                                                  ptr(scratch), scratch_bytes, self._stream()),
                    f"ht_gemm_dequant_bf16[{WEIGHT_FORMAT_NAMES.get(fmt, fmt)}]")

    def dequantize_weights(self, fmt, w, w_aux, N, K, n0, n1, out):
        self._check(self.lib.ht_dequantize_weights(fmt, ptr(w), ptr(w_aux), N, K, n0, n1, ptr(out), self._stream()),
                    f"ht_dequantize_weights[{WEIGHT_FORMAT_NAMES.get(fmt, fmt)}]")

    def gemm_nf4_bf16(self, x, qs, absmax, out, **ep):
        self._weights(self.lib.ht_gemm_nf4_bf16, "ht_gemm_nf4_bf16", x, (qs, absmax), x.shape[0], qs.shape[0], x.shape[1], out, ep)

    def gemm_fp8_bf16(self, x, w, w_scale, out, **ep):
        self._weights(self.lib.ht_gemm_fp8_bf16, "ht_gemm_fp8_bf16", x, (w, w_scale), x.shape[0], w.shape[0], x.shape[1], out, ep)

    def gemm_q8_0_q8(self, xq, qs, d, out, **ep):
        self._weights(self.lib.ht_gemm_q8_0_q8, "ht_gemm_q8_0_q8", xq, (qs, d), xq.shape[0], qs.shape[0], xq.shape[1], out, ep)

    def gemm_q4_K_q8(self, xq, block_sums, blocks, N, out, **ep):
        self._weights(self.lib.ht_gemm_q4_K_q8, "ht_gemm_q4_K_q8", xq, (block_sums, blocks), xq.shape[0], N, xq.shape[1], out, ep)
