"""Benchmark of libhalftone_cuda against cuBLAS in the same run: for each DiT linear shape (M tokens, K in, N out)
prints each kernel's time (median of 5 CUDA-graph replays of `reps` launches, random data, weights rotated over
several copies when M <= 64 so L2 does not hold them) and its speed ratio to cuBLAS BF16 (torch F.linear),
cuBLASLt int8 (torch._int_mm) and cuBLASLt FP8 (torch._scaled_mm, row-wise scales): ratio = their time / ours,
so > 1 means faster. Writes JSON lines to the file named by --json.
--shapes small times only cuBLAS BF16 and the weight-only GEMMs at M in {1, 2, 4, 8, 16, 32, 64}
(ht_gemm_q4_K_bf16 runs its small-M kernel there, ht_gemm_q4_K_bf16_packed its few-token kernel up to M = 4 and on
Hopper its split-K kernel from 17), and ht_gemm_q4_K_packed_q8 with its activation quantization (HT_Q4K_Q8_SPLITS=d in
the environment forces its K split to d blocks a cluster, to compare splits; a d that does not divide the
super-blocks fails the call. HT_Q4K_Q8_K_WARPS=1 or 2 forces its k-warps per channel quarter).
--shapes m4096 runs every kernel at the 16 M = 4096 target shapes, mid at M = 128 .. 2048 (where the weight-only
formats' fused kernels hand over to dequantize + cuBLASLt); --only names the kernels to time.
Usage: gpu_bench.py LIBRARY [--shapes core|full|small|m4096|mid] [--only K1,K2] [--json FILE] [--target-ms MS]"""
import argparse
import json
import os
import statistics

import torch
import torch.nn.functional as F

import quant_blocks as qb
from halftone_cuda_ctypes import (CUBLASLT_WORKSPACE_BYTES, WEIGHTS_FP8, WEIGHTS_NF4, WEIGHTS_Q4_K, WEIGHTS_Q4_K_PACKED,
                                  WEIGHTS_Q8_0)
from halftone_cuda_ctypes import HalftoneCuda, PATH_AUTO, PATH_MMA_SYNC, PATH_WGMMA, PATH_MMA_SYNC_WIDE

CORE_SHAPES = [(4096, 3072, 3072), (4096, 3072, 12288), (4096, 12288, 3072), (4096, 4096, 4096),
               (4096, 4096, 16384), (4096, 16384, 4096), (8192, 4096, 4096), (1024, 4096, 4096),
               (64, 4096, 4096), (16, 4096, 4096), (64, 3072, 12288)]
FULL_SHAPES = [(m, k, n) for m in (1024, 4096, 8192) for k in (3072, 4096, 12288, 16384)
               for n in (3072, 4096, 12288, 16384)] + [(64, 4096, 4096), (16, 4096, 4096), (64, 3072, 12288)]
# The decode-time shapes of the Q4_K small-M kernel (issue #7: >= 2x cuBLAS BF16 at M <= 64), quick to run.
SMALL_SHAPES = [(m, k, n) for m in (1, 2, 4, 8, 16, 32, 64) for k, n in ((4096, 4096), (3072, 12288), (12288, 3072))]
# The 16 issue-#7 target shapes at M = 4096.
M4096_SHAPES = [(4096, k, n) for k in (3072, 4096, 12288, 16384) for n in (3072, 4096, 12288, 16384)]
# Where the weight-only formats' fused kernels hand over to dequantize + cuBLASLt as M grows.
MID_SHAPES = [(m, k, n) for m in (128, 256, 512, 1024, 2048) for k, n in ((4096, 4096), (3072, 12288), (12288, 3072))]
SHAPES = {"core": CORE_SHAPES, "full": FULL_SHAPES, "small": SMALL_SHAPES, "m4096": M4096_SHAPES, "mid": MID_SHAPES}
# The slab of the dequantizing GEMM's "_l2" variant: small enough that L2 (50 MB on H100 and H200) keeps it between
# the dequantization writing it and cuBLASLt reading it.
L2_SLAB_BYTES = 16 << 20


def time_graph(fn, copies, reps):
    """Median milliseconds of one launch of fn(i), i cycling over the copies of the inputs."""
    for i in range(copies):
        fn(i)
    torch.cuda.synchronize()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for i in range(reps):
            fn(i % copies)
    graph.replay()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    samples = []
    for _ in range(5):
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        samples.append(start.elapsed_time(end) / reps)
    del graph
    return statistics.median(samples)


def bench_shape(h, gen, M, K, N, hopper, target_ms, weight_only, only):
    copies = 8 if M <= 64 else 1
    dev = "cuda"
    x = torch.randn(M, K, device=dev, generator=gen).to(torch.bfloat16)
    xq = torch.randint(-127, 128, (M, K), device=dev, generator=gen, dtype=torch.int8)
    sx = torch.rand(M, device=dev, generator=gen) * 1e-2 + 1e-3
    sums = torch.empty(M, K // 32, dtype=torch.int32, device=dev)
    bias = torch.randn(N, device=dev, generator=gen).to(torch.bfloat16)
    out = torch.empty(M, N, dtype=torch.bfloat16, device=dev)
    w_bf16 = [torch.randn(N, K, device=dev, generator=gen).to(torch.bfloat16) for _ in range(copies)]
    w_i8 = [torch.randint(-127, 128, (N, K), device=dev, generator=gen, dtype=torch.int8) for _ in range(copies)]
    sw = torch.rand(N, device=dev, generator=gen) * 1e-2 + 1e-3
    x8 = (x.float() / 8).to(torch.float8_e4m3fn)
    w8 = [w.to(torch.float8_e4m3fn) for w in w_bf16]
    sa = torch.ones(M, 1, device=dev)
    sb = torch.ones(1, N, device=dev)
    q8_blocks = [qb.random_q8_0(N, K, gen, dev) for _ in range(copies)]
    q8 = []
    for blocks in q8_blocks:
        qs = torch.empty(N, K, dtype=torch.int8, device=dev)
        d = torch.empty(N, K // 32, dtype=torch.int16, device=dev)
        h.repack_q8_0(blocks, N, K, qs, d)
        q8.append((qs, d))
    del q8_blocks
    q4 = [qb.random_q4_K(N, K, gen, dev) for _ in range(copies)]
    q4_packed = [torch.empty_like(blocks) for blocks in q4]
    for blocks, packed in zip(q4, q4_packed):
        h.repack_q4_K(blocks, N, K, packed)
    nf4 = [qb.random_nf4(N, K, gen, dev) for _ in range(copies)]
    fp8w = [qb.random_fp8(N, K, gen, dev) for _ in range(copies)]

    est = time_graph(lambda i: F.linear(x, w_bf16[i], bias), copies, 3)
    reps = max(5, min(200, int(target_ms / max(est, 1e-3))))
    kernels = {"cublas_bf16": lambda i: F.linear(x, w_bf16[i], bias)}
    if weight_only:
        kernels["q4_K_bf16"] = lambda i: h.gemm_q4_K_bf16(x, q4[i], N, out, bias=bias)
        # the generic mma.sync path at the same M, to place the small-M kernel's dispatch bound on measurements
        kernels["q4_K_bf16_generic"] = lambda i: with_env("HT_Q4K_SMALL_M_MAX", "0", lambda: h.gemm_q4_K_bf16(x, q4[i], N, out, bias=bias))
        kernels["q8_0_bf16"] = lambda i: h.gemm_q8_0_bf16(x, q8[i][0], q8[i][1], out, bias=bias)
        # the packed path: its few-token kernel up to M = 4, on Hopper its split-K kernel (17 to 64), elsewhere its
        # mma.sync small-M kernel (up to M = 32); on Hopper also the mma.sync one and the 256-token wgmma kernel at the
        # same M
        kernels["q4_K_bf16_packed"] = lambda i: h.gemm_q4_K_bf16_packed(x, q4_packed[i], N, out, bias=bias)
        if hopper:
            # with the few-token kernel (M <= 4) off, so that there these time the kernels it replaced
            packed_call = lambda i: with_env("HT_Q4K_PACKED_FEW_TOKENS_MAX", "0",
                                             lambda: h.gemm_q4_K_bf16_packed(x, q4_packed[i], N, out, bias=bias))
            kernels["q4_K_bf16_packed_mma_sync"] = lambda i: with_env("HT_Q4K_PACKED_SPLIT_K_MAX", "0", lambda: packed_call(i))
            kernels["q4_K_bf16_packed_wgmma"] = lambda i: with_env(
                "HT_Q4K_PACKED_SPLIT_K_MAX", "0", lambda: with_env("HT_Q4K_PACKED_SMALL_M_MAX", "0", lambda: packed_call(i)))
        if M <= 64:
            # int8 activations, quantization included (the Q8_K-style pass, then the GEMM)
            q8_scratch = torch.empty(h.gemm_q4_K_packed_q8_scratch_bytes(M, K), dtype=torch.uint8, device=dev)
            kernels["q4_K_packed_q8+quant"] = lambda i: h.gemm_q4_K_packed_q8(x, q4_packed[i], N, out, q8_scratch, bias=bias)
        return time_kernels(kernels, copies, reps, only), reps
    if M > 16:
        kernels["cublaslt_int8"] = lambda i: torch._int_mm(xq, w_i8[i].t())
    if hopper or torch.cuda.get_device_capability() >= (8, 9):
        kernels["cublaslt_fp8"] = lambda i: torch._scaled_mm(x8, w8[i].t(), scale_a=sa, scale_b=sb, out_dtype=torch.bfloat16)
    # the 32-wide sums only where a GEMM reads them (Q4_K x int8), as CudaLinear asks for them
    kernels["act_quant"] = lambda i: h.quantize_activations(x, None, xq, sx)
    paths = [("mma.sync", PATH_MMA_SYNC)] + ([("mma.sync-wide", PATH_MMA_SYNC_WIDE), ("wgmma", PATH_WGMMA)] if hopper and M > 64 else [])
    for name, path in paths:
        kernels[f"w8a8_gemm[{name}]"] = (lambda p: lambda i: h.gemm_w8a8(xq, w_i8[i], out, p, row_scale=sx, col_scale=sw, bias=bias))(path)

    def fused(i):
        h.quantize_activations(x, None, xq, sx)
        h.gemm_w8a8(xq, w_i8[i], out, PATH_AUTO, row_scale=sx, col_scale=sw, bias=bias)
    kernels["w8a8_fused[auto]"] = fused
    kernels["q8_0_bf16"] = lambda i: h.gemm_q8_0_bf16(x, q8[i][0], q8[i][1], out, bias=bias)
    kernels["q4_K_bf16"] = lambda i: h.gemm_q4_K_bf16(x, q4[i], N, out, bias=bias)
    if hopper and M > 64:
        # the mma.sync kernel at the same M, so the wgmma kernel's gain is measured in the same run
        kernels["q4_K_bf16_generic"] = lambda i: with_env("HT_Q4K_WGMMA", "0", lambda: h.gemm_q4_K_bf16(x, q4[i], N, out, bias=bias))
    if hopper:
        kernels["q4_K_bf16_packed"] = lambda i: h.gemm_q4_K_bf16_packed(x, q4_packed[i], N, out, bias=bias)

    # dequantize + cuBLASLt for each weight-only format with the whole weight in one slab (as CudaLinear runs it),
    # and packed Q4_K also with slabs of at most L2_SLAB_BYTES
    whole = torch.empty(CUBLASLT_WORKSPACE_BYTES + 2 * K * N, dtype=torch.uint8, device=dev)
    slab = min(N, max(128, L2_SLAB_BYTES // (2 * K) // 128 * 128))
    in_l2 = torch.empty(CUBLASLT_WORKSPACE_BYTES + 2 * K * slab, dtype=torch.uint8, device=dev)
    dequant = lambda fmt, w, aux, scratch: h.gemm_dequant_bf16(fmt, x, w, aux, N, out, scratch, bias=bias)
    kernels["q4_K_bf16_packed_dequant"] = lambda i: dequant(WEIGHTS_Q4_K_PACKED, q4_packed[i], None, whole)
    kernels["q4_K_bf16_packed_dequant_l2"] = lambda i: dequant(WEIGHTS_Q4_K_PACKED, q4_packed[i], None, in_l2)
    kernels["q4_K_bf16_dequant"] = lambda i: dequant(WEIGHTS_Q4_K, q4[i], None, whole)
    kernels["q8_0_bf16_dequant"] = lambda i: dequant(WEIGHTS_Q8_0, q8[i][0], q8[i][1], whole)
    kernels["nf4_bf16_dequant"] = lambda i: dequant(WEIGHTS_NF4, nf4[i][0], nf4[i][1], whole)
    kernels["fp8w_bf16_dequant"] = lambda i: dequant(WEIGHTS_FP8, fp8w[i][0], fp8w[i][1], whole)
    # the first step alone, the whole weight to bf16 (no TOP/s: it multiplies nothing)
    bf16_w = whole[CUBLASLT_WORKSPACE_BYTES:].view(torch.bfloat16)
    to_bf16 = lambda fmt, w, aux: h.dequantize_weights(fmt, w, aux, N, K, 0, N, bf16_w)
    kernels["dequantize[q4_K packed]"] = lambda i: to_bf16(WEIGHTS_Q4_K_PACKED, q4_packed[i], None)
    kernels["dequantize[q4_K]"] = lambda i: to_bf16(WEIGHTS_Q4_K, q4[i], None)
    kernels["dequantize[q8_0]"] = lambda i: to_bf16(WEIGHTS_Q8_0, q8[i][0], q8[i][1])
    kernels["dequantize[nf4]"] = lambda i: to_bf16(WEIGHTS_NF4, nf4[i][0], nf4[i][1])
    kernels["dequantize[fp8]"] = lambda i: to_bf16(WEIGHTS_FP8, fp8w[i][0], fp8w[i][1])

    def q8_mmq(i):
        h.quantize_activations(x, None, xq, sx)
        h.gemm_q8_0_q8(xq, q8[i][0], q8[i][1], out, row_scale=sx, bias=bias)

    def q4_mmq(i):
        h.quantize_activations(x, None, xq, sx, sums)
        h.gemm_q4_K_q8(xq, sums, q4[i], N, out, row_scale=sx, bias=bias)
    kernels["q8_0_int8_mmq+quant"] = q8_mmq
    kernels["q4_K_int8_mmq+quant"] = q4_mmq
    kernels["nf4_bf16"] = lambda i: h.gemm_nf4_bf16(x, nf4[i][0], nf4[i][1], out, bias=bias)
    kernels["fp8w_bf16"] = lambda i: h.gemm_fp8_bf16(x, fp8w[i][0], fp8w[i][1], out, bias=bias)

    return time_kernels(kernels, copies, reps, only), reps


def with_env(name, value, call):
    """Runs call with the environment variable name set to value (the library reads HT_Q4K_SMALL_M_MAX,
    HT_Q4K_WGMMA, HT_Q4K_PACKED_SPLIT_K_MAX, HT_Q4K_PACKED_SMALL_M_MAX, HT_Q4K_PACKED_FEW_TOKENS_MAX,
    HT_Q4K_Q8_SPLITS and HT_Q4K_Q8_K_WARPS on every call; graphs capture the path taken)."""
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        return call()
    finally:
        if saved is None:
            del os.environ[name]
        else:
            os.environ[name] = saved


def time_kernels(kernels, copies, reps, only):
    """Times each kernel, or with `only` those named there and cuBLAS BF16."""
    times = {}
    for name, fn in kernels.items():
        if only and name != "cublas_bf16" and name not in only:
            continue
        try:
            times[name] = time_graph(fn, copies, reps)
        except RuntimeError as e:
            times[name] = None
            print(f"  {name}: {e}", flush=True)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("library")
    parser.add_argument("--shapes", choices=sorted(SHAPES), default="core")
    parser.add_argument("--json", default=None)
    parser.add_argument("--only", default="", help="comma-separated kernel names to time (cuBLAS BF16 always is)")
    parser.add_argument("--target-ms", type=float, default=25.0, help="graph length aimed at, in ms of cuBLAS BF16")
    args = parser.parse_args()
    h = HalftoneCuda(args.library)
    gen = torch.Generator(device="cuda").manual_seed(20261125)
    hopper = torch.cuda.get_device_capability() == (9, 0)
    print(f"device {torch.cuda.get_device_name()}, torch {torch.__version__}, CUDA {torch.version.cuda}", flush=True)
    sink = open(args.json, "w") if args.json else None
    for M, K, N in SHAPES[args.shapes]:
        times, reps = bench_shape(h, gen, M, K, N, hopper, args.target_ms, args.shapes == "small",
                                   set(filter(None, args.only.split(","))))
        bf16, i8, f8 = times.get("cublas_bf16"), times.get("cublaslt_int8"), times.get("cublaslt_fp8")
        print(f"\nM={M} K={K} N={N} (reps {reps}); ratio = baseline time / kernel time", flush=True)
        print(f"  {'kernel':26s} {'ms':>9s} {'TOP/s':>8s} {'x bf16':>7s} {'x int8':>7s} {'x fp8':>7s}")
        for name, t in times.items():
            if t is None:
                continue
            multiplies = name != "act_quant" and not name.startswith("dequantize[")
            tops = 2.0 * M * K * N / (t * 1e-3) / 1e12 if multiplies else float("nan")
            r = lambda base: f"{base / t:7.2f}" if base else "      -"
            print(f"  {name:26s} {t:9.4f} {tops:8.0f} {r(bf16)} {r(i8)} {r(f8)}", flush=True)
            if sink:
                sink.write(json.dumps({"M": M, "K": K, "N": N, "kernel": name, "ms": t, "reps": reps,
                                       "x_bf16": bf16 / t if bf16 else None, "x_int8": i8 / t if i8 else None,
                                       "x_fp8": f8 / t if f8 else None}) + "\n")
        torch.cuda.empty_cache()
    if sink:
        sink.close()


if __name__ == "__main__":
    main()
