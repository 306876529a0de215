// How fast can a GPU stream a Q4_K weight matrix ([N][K/256] blocks of 144 bytes) with the load patterns a small-M
// GEMM could use? Loads only, no arithmetic: the ceiling each pattern puts under a kernel built on it.
// docs/gpu.md ("Targets not met") cites its figures for the next Q4_K small-M design.
//   nvcc -O3 -gencode=arch=compute_90a,code=sm_90a -o q4k_stream_patterns q4k_stream_patterns.cu && ./q4k_stream_patterns
// Each figure is the best of 5 CUDA-graph replays of 200 launches over 8 copies of the matrix (so L2 does not hold it).
#include <cuda_runtime.h>

#include <cstdint>
#include <cstdio>
#include <vector>

#define CHECK(call)                                                                   \
    do {                                                                              \
        cudaError_t error_ = (call);                                                  \
        if (error_ != cudaSuccess) {                                                  \
            std::printf("%s: %s\n", #call, cudaGetErrorString(error_));               \
            return 1;                                                                 \
        }                                                                             \
    } while (0)

namespace {

constexpr int kBlockBytes = 144;  // one Q4_K super-block of 256 weights
constexpr int kPieces = kBlockBytes / 16;

__device__ __forceinline__ uint4 load_16(const void *p) {
    uint4 v;
    asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "l"(p));
    return v;
}
__device__ __forceinline__ uint2 load_8(const void *p) {
    uint2 v;
    asm volatile("ld.global.nc.L1::no_allocate.v2.u32 {%0,%1}, [%2];" : "=r"(v.x), "=r"(v.y) : "l"(p));
    return v;
}
// Keeps the loads alive: the XOR of everything read is written only if it hits an unlikely value.
__device__ __forceinline__ void sink(uint32_t mix, uint32_t *out) {
    if (mix == 0x12345678u) out[0] = mix;
}

// The whole matrix as one linear array, 4 loads of 16 bytes in flight per thread: the ceiling.
__global__ void linear(const uint4 *w, size_t pieces, uint32_t *out) {
    uint32_t mix = 0;
    const size_t stride = static_cast<size_t>(gridDim.x) * blockDim.x;
    for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < pieces; i += 4 * stride) {
        uint4 v[4];
#pragma unroll
        for (int u = 0; u < 4; ++u) v[u] = i + u * stride < pieces ? load_16(w + i + u * stride) : make_uint4(0, 0, 0, 0);
#pragma unroll
        for (int u = 0; u < 4; ++u) mix ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
    }
    sink(mix, out);
}

// gemm_q4k_small_m.cu's pattern: a block owns 16 rows over all of K, its warps take interleaved super-blocks, and
// lane (g, t) reads of rows g and g + 8 the 16-byte head and bytes 8t..8t+7 of each 32-byte qs chunk.
__global__ void mma_fragment_rows(const uint8_t *w, int K, uint32_t *out) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5, g = lane >> 2, t = lane & 3;
    const int blocks = K / 256;
    const size_t row_bytes = static_cast<size_t>(blocks) * kBlockBytes;
    const uint8_t *row0 = w + (static_cast<size_t>(blockIdx.x) * 16 + g) * row_bytes, *row1 = row0 + 8 * row_bytes;
    uint32_t mix = 0;
    for (int kb = warp; kb < blocks; kb += warps) {
        const uint8_t *b0 = row0 + kb * kBlockBytes, *b1 = row1 + kb * kBlockBytes;
        const uint4 h0 = load_16(b0), h1 = load_16(b1);
        uint2 q0[4], q1[4];
#pragma unroll
        for (int c = 0; c < 4; ++c) {
            q0[c] = load_8(b0 + 16 + 32 * c + 8 * t);
            q1[c] = load_8(b1 + 16 + 32 * c + 8 * t);
        }
        mix ^= h0.x ^ h1.y ^ h0.z ^ h1.w;
#pragma unroll
        for (int c = 0; c < 4; ++c) mix ^= q0[c].x ^ q0[c].y ^ q1[c].x ^ q1[c].y;
    }
    sink(mix, out);
}

// A block owns 16 rows; each warp a contiguous run of super-blocks, read row by row with 16 bytes a lane
// (neighbouring lanes, neighbouring bytes of a row), 4 loads in flight.
__global__ void row_runs(const uint8_t *w, int K, uint32_t *out) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    const int blocks = K / 256;
    const size_t row_bytes = static_cast<size_t>(blocks) * kBlockBytes;
    const int per_warp = (blocks + warps - 1) / warps, kb0 = warp * per_warp, kb1 = min(blocks, kb0 + per_warp);
    if (kb0 >= kb1) return;
    const int row_pieces = (kb1 - kb0) * kPieces, pieces = 16 * row_pieces;
    const uint8_t *base = w + static_cast<size_t>(blockIdx.x) * 16 * row_bytes + kb0 * kBlockBytes;
    uint32_t mix = 0;
    for (int i = lane; i < pieces; i += 128) {
        uint4 v[4];
#pragma unroll
        for (int u = 0; u < 4; ++u) {
            const int j = i + 32 * u;
            v[u] = j < pieces ? load_16(base + static_cast<size_t>(j / row_pieces) * row_bytes + (j % row_pieces) * 16)
                              : make_uint4(0, 0, 0, 0);
        }
#pragma unroll
        for (int u = 0; u < 4; ++u) mix ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
    }
    sink(mix, out);
}

// One warp per row over all of K, 16 bytes a lane, 4 loads in flight (llama.cpp's GEMV shape).
__global__ void warp_per_row(const uint8_t *w, int N, int K, uint32_t *out) {
    const int lane = threadIdx.x & 31, row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= N) return;
    const int pieces = K / 256 * kPieces;
    const uint4 *r = reinterpret_cast<const uint4 *>(w + static_cast<size_t>(row) * (K / 256) * kBlockBytes);
    uint32_t mix = 0;
    for (int i = lane; i < pieces; i += 128) {
        uint4 v[4];
#pragma unroll
        for (int u = 0; u < 4; ++u) v[u] = i + 32 * u < pieces ? load_16(r + i + 32 * u) : make_uint4(0, 0, 0, 0);
#pragma unroll
        for (int u = 0; u < 4; ++u) mix ^= v[u].x ^ v[u].y ^ v[u].z ^ v[u].w;
    }
    sink(mix, out);
}

}  // namespace

int main() {
    constexpr int kCopies = 8, kLaunches = 200;
    const int shapes[][2] = {{4096, 4096}, {3072, 12288}, {12288, 3072}};  // K, N
    const char *names[] = {"linear (ceiling)", "mma fragment rows, 8 warps", "mma fragment rows, 4 warps",
                           "row runs, 8 warps", "row runs, 4 warps", "warp per row"};
    uint32_t *out = nullptr;
    CHECK(cudaMalloc(&out, sizeof(uint32_t)));
    cudaStream_t stream;
    CHECK(cudaStreamCreate(&stream));
    cudaEvent_t start, stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    for (const auto &shape : shapes) {
        const int K = shape[0], N = shape[1];
        const size_t bytes = static_cast<size_t>(N) * (K / 256) * kBlockBytes;
        std::vector<uint8_t *> w(kCopies);
        for (auto &copy : w) {
            CHECK(cudaMalloc(&copy, bytes));
            CHECK(cudaMemset(copy, 1, bytes));
        }
        for (int pattern = 0; pattern < 6; ++pattern) {
            cudaGraph_t graph;
            cudaGraphExec_t exec;
            CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal));
            for (int launch = 0; launch < kLaunches; ++launch) {
                const uint8_t *m = w[launch % kCopies];
                switch (pattern) {
                    case 0: linear<<<132 * 8, 256, 0, stream>>>(reinterpret_cast<const uint4 *>(m), bytes / 16, out); break;
                    case 1: mma_fragment_rows<<<N / 16, 256, 0, stream>>>(m, K, out); break;
                    case 2: mma_fragment_rows<<<N / 16, 128, 0, stream>>>(m, K, out); break;
                    case 3: row_runs<<<N / 16, 256, 0, stream>>>(m, K, out); break;
                    case 4: row_runs<<<N / 16, 128, 0, stream>>>(m, K, out); break;
                    default: warp_per_row<<<N / 8, 256, 0, stream>>>(m, N, K, out); break;
                }
            }
            CHECK(cudaStreamEndCapture(stream, &graph));
            CHECK(cudaGraphInstantiate(&exec, graph, 0));
            CHECK(cudaGraphLaunch(exec, stream));
            CHECK(cudaStreamSynchronize(stream));
            float best_ms = 1e30f;
            for (int replay = 0; replay < 5; ++replay) {
                CHECK(cudaEventRecord(start, stream));
                CHECK(cudaGraphLaunch(exec, stream));
                CHECK(cudaEventRecord(stop, stream));
                CHECK(cudaStreamSynchronize(stream));
                float ms = 0.0f;
                CHECK(cudaEventElapsedTime(&ms, start, stop));
                best_ms = ms < best_ms ? ms : best_ms;
            }
            const double us = best_ms * 1000.0 / kLaunches;
            std::printf("K=%5d N=%5d %-28s %7.2f us  %5.2f TB/s\n", K, N, names[pattern], us, bytes / us / 1e6);
            CHECK(cudaGraphExecDestroy(exec));
            CHECK(cudaGraphDestroy(graph));
        }
        for (auto &copy : w) CHECK(cudaFree(copy));
    }
    return 0;
}
