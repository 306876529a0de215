// Q4_K repacked for the packed GEMMs (gemm_q4k_packed_sm90.cu, gemm_q4k_packed_small_m.cu): the same 144 bytes per
// 256 weights as the GGUF blocks, reordered once at load so that each thread finds the A fragments of a 64-value stage
// in 16 contiguous bytes (one shared-memory load in the wgmma kernel, one coalesced global load in the small-M one)
// and no byte is read twice.
//
// packed = [N / 64 channel groups][K / 256 super-blocks] units of kUnitBytes = 9216 bytes:
//   bytes 0 .. 1023      the 64 channels' block heads (d, dmin and the 12 scale bytes: the first 16 bytes of the
//                        GGUF block), in channel order;
//   then 4 stage chunks  of 2048 bytes, chunk s holding K values 64s .. 64s + 63 of the super-block: 16 bytes for
//                        each thread t = 32w + l (w = warp 0..3 of the warpgroup, l = lane), word i of them the
//                        8 nibbles that thread feeds to k16 step i of the stage.
// Thread t's rows are the wgmma A-fragment rows r0 = 16w + l/4 and r1 = r0 + 8 of the group; nibble p = 2e + h of
// word i (bits 4p .. 4p + 3) is the weight of row r_h at K offset 16i + 2(l % 4) + {0, 1, 8, 9}[e] in the stage.
// So the low nibbles of a word's bytes (word & 0x0F0F0F0F) are row r0's four values and the high nibbles row r1's,
// each in the order of the fragment registers' bf16 halves.
#pragma once

#include <cstdint>

#include "weight_decoders.cuh"

namespace ht {

constexpr int kQ4KPackedGroup = 64;        // channels per group: one consumer warpgroup's wgmma M
constexpr int kQ4KPackedHeadBytes = 16;    // per channel and super-block
constexpr int kQ4KPackedChunkBytes = 2048; // per group and 64-value stage: 128 threads x 16 bytes
constexpr int kQ4KPackedUnitBytes = kQ4KPackedGroup * kQ4KPackedHeadBytes + 4 * kQ4KPackedChunkBytes;
static_assert(kQ4KPackedUnitBytes == kQ4KPackedGroup * 144, "the packed form keeps Q4_K's 144 bytes per 256 weights");

// K offset inside the 64-value stage, and row inside the group, of nibble p of word i of thread t (layout above).
__host__ __device__ constexpr int q4k_packed_k(int t, int i, int p) {
    return 16 * i + 2 * ((t % 32) % 4) + ((p / 2) & 1) + 8 * (p / 4);
}
__host__ __device__ constexpr int q4k_packed_row(int t, int p) { return 16 * (t / 32) + (t % 32) / 4 + 8 * (p & 1); }

// Decodes one thread's A fragments of a stage (k16 steps 0-3; frag[step] in mma.sync m16n8k16 / wgmma register-A
// order) from its 16 packed bytes q. affine_of(h, f) gives the affine maps (q4k_affine) of the stage's sub-block h
// (steps 2h, 2h + 1) for the thread's rows r0 (f[0]) and r0 + 8 (f[1]), asked for just before they are used. Each
// weight is q4k_affine's fmaf rounded once to bf16 (round to nearest even).
template <class AffineOf>
__device__ __forceinline__ void q4k_packed_fragments(uint4 q, AffineOf affine_of, uint32_t (&frag)[4][4]) {
    const uint32_t words[4] = {q.x, q.y, q.z, q.w};
#pragma unroll
    for (int half = 0; half < 2; ++half) {
        Q4KAffine f[2];
        affine_of(half, f);
#pragma unroll
        for (int step = 2 * half; step < 2 * half + 2; ++step) {
            const uint32_t lo = (words[step] & 0x0F0F0F0Fu) | 0x80808080u;         // row r0
            const uint32_t hi = ((words[step] >> 4) & 0x0F0F0F0Fu) | 0x80808080u;  // row r0 + 8
            frag[step][0] = q4k_bf16_pair(lo, 0, f[0]);
            frag[step][1] = q4k_bf16_pair(hi, 0, f[1]);
            frag[step][2] = q4k_bf16_pair(lo, 2, f[0]);
            frag[step][3] = q4k_bf16_pair(hi, 2, f[1]);
        }
    }
}

// The same from the super-block heads of rows r0 and r0 + 8; stage is 0..3 inside the super-block.
__device__ __forceinline__ void q4k_packed_fragments(uint4 q, int stage, const Q4KHead (&heads)[2], uint32_t (&frag)[4][4]) {
    q4k_packed_fragments(
        q,
        [&](int half, Q4KAffine(&f)[2]) {
            f[0] = q4k_affine(heads[0], 2 * stage + half);
            f[1] = q4k_affine(heads[1], 2 * stage + half);
        },
        frag);
}

// Warps per block of the mma.sync kernels, which give each warp interleaved super-blocks: the largest count up to
// kQ4KPackedMaxWarps that divides the super-blocks, so every warp gets the same share (K = 3072: 12 super-blocks, 6
// warps of 2).
constexpr int kQ4KPackedMaxWarps = 8;
inline int q4k_packed_warps_for(int super_blocks) {
    for (int w = kQ4KPackedMaxWarps; w > 1; --w)
        if (super_blocks % w == 0) return w;
    return 1;
}

// Channels of one mma.sync m16 tile: a quarter of a packed group.
constexpr int kQ4KPackedQuarterChannels = kQ4KPackedGroup / 4;

// One warp's share of a packed super-block for the mma.sync kernels (one m16 tile: a quarter of the group's 64
// channels): the lane's 16 bytes of each of the 4 stage chunks, and the heads of its rows r0 and r0 + 8. A warp reads
// one contiguous 512-byte run per chunk.
struct Q4KPackedQuarter {
    uint4 q[4];
    uint4 head[2];
};

__device__ __forceinline__ Q4KPackedQuarter load_q4k_packed_quarter(const uint8_t *unit, int quarter, int lane) {
    Q4KPackedQuarter d;
#pragma unroll
    for (int s = 0; s < 4; ++s)
        d.q[s] = __ldg(reinterpret_cast<const uint4 *>(unit + kQ4KPackedGroup * kQ4KPackedHeadBytes +
                                                       s * kQ4KPackedChunkBytes + 512 * quarter + 16 * lane));
    const int r0 = kQ4KPackedQuarterChannels * quarter + lane / 4;
    d.head[0] = __ldg(reinterpret_cast<const uint4 *>(unit + kQ4KPackedHeadBytes * r0));
    d.head[1] = __ldg(reinterpret_cast<const uint4 *>(unit + kQ4KPackedHeadBytes * (r0 + 8)));
    return d;
}

// The A fragments of k16 step i of a quarter's stage word (mma.sync m16n8k16 register order): 128 + q as the bf16
// bits 0x4300 | q, exact, by byte permutes (no arithmetic per weight); low nibbles are row r0, high nibbles r0 + 8.
__device__ __forceinline__ void q4k_packed_offset_fragment(uint32_t word, uint32_t (&a)[4]) {
    const uint32_t lo = word & 0x0F0F0F0Fu, hi = (word >> 4) & 0x0F0F0F0Fu;
    a[0] = __byte_perm(lo, 0x43u, 0x4140);
    a[1] = __byte_perm(hi, 0x43u, 0x4140);
    a[2] = __byte_perm(lo, 0x43u, 0x4342);
    a[3] = __byte_perm(hi, 0x43u, 0x4342);
}

}  // namespace ht
