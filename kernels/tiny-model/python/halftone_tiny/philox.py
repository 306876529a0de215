"""PhiloxNormal of docs/model.md §4.1: Random123's Philox4x32-10 keyed by the seed, Box-Muller to float32 normals."""

from __future__ import annotations

import numpy as np

PHILOX_M0 = np.uint64(0xD2511F53)
PHILOX_M1 = np.uint64(0xCD9E8D57)
PHILOX_W0 = np.uint64(0x9E3779B9)
PHILOX_W1 = np.uint64(0xBB67AE85)
PHILOX_ROUNDS = 10
LOW_32 = np.uint64(0xFFFFFFFF)
TWO_TO_MINUS_32 = 2.0 ** -32


def philox4x32_10(counters: np.ndarray, key: tuple[int, int]) -> np.ndarray:
    """counters (n, 4) uint32-valued -> (n, 4) outputs of Philox4x32-10 under key (k0, k1)."""
    c0, c1, c2, c3 = (counters[:, lane].astype(np.uint64) for lane in range(4))
    k0, k1 = np.uint64(key[0]), np.uint64(key[1])
    for round_index in range(PHILOX_ROUNDS):
        if round_index > 0:  # 9 key bumps between the 10 rounds
            k0 = (k0 + PHILOX_W0) & LOW_32
            k1 = (k1 + PHILOX_W1) & LOW_32
        product0 = PHILOX_M0 * c0  # < 2^64: exact in uint64
        product1 = PHILOX_M1 * c2
        hi0, lo0 = product0 >> np.uint64(32), product0 & LOW_32
        hi1, lo1 = product1 >> np.uint64(32), product1 & LOW_32
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
    return np.stack([c0, c1, c2, c3], axis=1)


def philox_normal(seed: int, count: int) -> np.ndarray:
    """The first `count` normals of the stream for a 64-bit seed (read as unsigned), float32."""
    seed &= (1 << 64) - 1
    blocks = (count + 3) // 4
    block_index = np.arange(blocks, dtype=np.uint64)
    counters = np.zeros((blocks, 4), dtype=np.uint64)
    counters[:, 0] = block_index & LOW_32
    counters[:, 1] = block_index >> np.uint64(32)
    random = philox4x32_10(counters, (seed & 0xFFFFFFFF, seed >> 32)).astype(np.float64)  # (blocks, 4)
    u = random[:, 0::2]  # (r0, r2): pair p uses u = r_{2p}
    v = random[:, 1::2]  # (r1, r3): v = r_{2p+1}
    radius = np.sqrt(-2.0 * np.log((u + 1.0) * TWO_TO_MINUS_32))  # U1 ∈ (0, 1]
    theta = 2.0 * np.pi * (v * TWO_TO_MINUS_32)  # U2 ∈ [0, 1)
    normals = np.empty((blocks, 4), dtype=np.float64)
    normals[:, 0::2] = radius * np.cos(theta)  # even lanes: R·cos Θ
    normals[:, 1::2] = radius * np.sin(theta)  # odd lanes: R·sin Θ
    return normals.reshape(-1)[:count].astype(np.float32)
