// The order in which a GEMM's blocks visit output tiles. Row-major order (N tiles fastest) makes one wave of blocks
// span one or two M-tile rows and every N tile: once N x K bytes of weights exceed L2 (50 MB on an H100), each M-tile
// row streams all of W from HBM again. Grouped order sweeps kTileGroupM M tiles down each N column before moving
// right, so a wave touches a few N tiles' weights and a few M tiles' activations, and both stay in L2.
#pragma once

namespace ht {

constexpr int kTileGroupM = 8;

struct TileCoord {
    int m;  // M-tile index
    int n;  // N-tile index
};

// Tile of block linear (0 .. tiles_m * tiles_n - 1) in grouped order: M fastest inside groups of kTileGroupM
// M tiles (the last group may be shorter), groups in M order.
__device__ __forceinline__ TileCoord grouped_tile(int linear, int tiles_m, int tiles_n) {
    const int per_group = kTileGroupM * tiles_n;
    const int first_m = (linear / per_group) * kTileGroupM;
    const int rows = min(tiles_m - first_m, kTileGroupM);
    const int in_group = linear % per_group;
    return {first_m + in_group % rows, in_group / rows};
}

}  // namespace ht
