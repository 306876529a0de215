"""NumPy/OpenBLAS anchor for the engine's matmul benchmark: best-of-N GFLOP/s of float32 A(m,k) @ W(n,k).T.

Usage: numpy_matmul.py REPEATS M,K,N [M,K,N ...]; prints one line "M K N GFLOPS" per shape.
"""
import sys
import time

import numpy as np


def best_gflops(m, k, n, repeats):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    w = rng.standard_normal((n, k), dtype=np.float32)
    a @ w.T  # warm-up: thread pool start, first-touch pages
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ w.T
        best = min(best, time.perf_counter() - start)
    return 2.0 * m * k * n / best / 1e9


def main():
    repeats = int(sys.argv[1])
    for shape in sys.argv[2:]:
        m, k, n = (int(v) for v in shape.split(","))
        print(m, k, n, f"{best_gflops(m, k, n, repeats):.2f}", flush=True)


if __name__ == "__main__":
    main()
