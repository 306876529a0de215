"""Calls ht_gemm_q4_K_packed_q8 (its activation quantization, then the GEMM) a few times on one shape and nothing else,
so that a profiler sees just those two kernels: under Nsight Compute, --launch-skip 2 * (calls - 2) --launch-count 4
takes the last two calls, each on its own copy of the weights (as gpu_bench.py rotates them, so L2 does not hold them).
Usage: profile_q4k_q8.py LIBRARY M K N [--calls C]"""
import argparse

import torch

import quant_blocks as qb
from halftone_cuda_ctypes import HalftoneCuda


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("library")
    parser.add_argument("M", type=int)
    parser.add_argument("K", type=int)
    parser.add_argument("N", type=int)
    parser.add_argument("--calls", type=int, default=6)
    args = parser.parse_args()
    M, K, N = args.M, args.K, args.N
    if args.calls < 1:
        parser.error(f"--calls must be at least 1, got {args.calls}")
    h = HalftoneCuda(args.library)
    gen = torch.Generator(device="cuda").manual_seed(20261206)
    x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
    bias = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16)
    out = torch.empty(M, N, dtype=torch.bfloat16, device="cuda")
    weights = []
    for _ in range(args.calls):
        blocks = qb.random_q4_K(N, K, gen, "cuda")
        packed = torch.empty_like(blocks)
        h.repack_q4_K(blocks, N, K, packed)
        weights.append(packed)
    scratch = torch.empty(h.gemm_q4_K_packed_q8_scratch_bytes(M, K), dtype=torch.uint8, device="cuda")
    for packed in weights:
        h.gemm_q4_K_packed_q8(x, packed, N, out, scratch, bias=bias)
    torch.cuda.synchronize()
    print(f"{args.calls} calls of ht_gemm_q4_K_packed_q8 at M={M} K={K} N={N}")


if __name__ == "__main__":
    main()
