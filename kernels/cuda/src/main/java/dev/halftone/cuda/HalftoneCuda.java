package dev.halftone.cuda;

/**
 * The JNI mirror of libhalftone_cuda's C API ({@code src/main/native/include/halftone/halftone_cuda.h}): one
 * native method per C entry point, device and host pointers as {@code long} (host memory is Java's, from an
 * {@link java.lang.foreign.Arena}), and every failed {@code ht_status} thrown by the bridge as a
 * {@link CudaException} carrying the CUDA error text. Callers use {@link DeviceBuffer}, {@link CudaStream} and
 * {@link CudaLinear}; the library itself is loaded by {@link CudaLibraryLoader}.
 */
final class HalftoneCuda {
    private HalftoneCuda() {
    }

    /** {@code ht_layout}: the block layouts whose sizes {@link #blockLayout} reports. */
    static final int LAYOUT_Q8_0 = 0;
    static final int LAYOUT_Q4_K = 1;

    static native String version();

    /** {weights per block, bytes per block} of the layout the kernels were compiled with. */
    static native int[] blockLayout(int layout);

    static native int deviceCount();

    static native CudaDevice deviceProperties(int device);

    static native void setDevice(int device);

    static native long malloc(long bytes);

    static native void free(long pointer);

    static native void memcpyToDevice(long deviceDst, long hostSrc, long bytes, long stream);

    static native void memcpyToHost(long hostDst, long deviceSrc, long bytes, long stream);

    static native void memset(long deviceDst, int byteValue, long bytes, long stream);

    static native long streamCreate();

    static native void streamDestroy(long stream);

    static native void streamSynchronize(long stream);

    static native void quantizeActivations(long x, long smoothInverse, int m, int k, long xq, long xScale,
                                           long blockSums, long stream);

    static native void gemmW8a8(long xq, long w, long rowScale, long colScale, long bias, long residual, long gate,
                                int m, int n, int k, long out, int path, long stream);

    static native void gemmW8a8S32(long xq, long w, int m, int n, int k, long outS32, int path, long stream);

    static native void repackQ8_0(long blocks, int n, int k, long qs, long d, long stream);

    static native void gemmQ8_0Bf16(long x, long qs, long d, long rowScale, long colScale, long bias, long residual,
                                    long gate, int m, int n, int k, long out, long stream);

    static native void gemmQ4_KBf16(long x, long blocks, long rowScale, long colScale, long bias, long residual,
                                    long gate, int m, int n, int k, long out, long stream);

    static native void repackQ4_K(long blocks, int n, int k, long packed, long stream);

    static native void gemmQ4_KBf16Packed(long x, long packed, long rowScale, long colScale, long bias, long residual,
                                          long gate, int m, int n, int k, long out, long stream);

    /** {@code HT_CUBLASLT_WORKSPACE_BYTES}: the part of {@link #gemmDequantBf16}'s scratch cuBLASLt gets. */
    static final long CUBLASLT_WORKSPACE_BYTES = 32L << 20;

    /** Weight-only GEMM in two steps: the weights dequantized into {@code scratch} a slab at a time, then cuBLASLt. */
    static native void gemmDequantBf16(int format, long x, long w, long wAux, long bias, int m, int n, int k, long out,
                                       long scratch, long scratchBytes, long stream);

    static native void dequantizeWeights(int format, long w, long wAux, int n, int k, int n0, int n1, long out,
                                         long stream);

    /** Returns when cuBLASLt is loaded; throws {@link CudaException} ({@code UNSUPPORTED}) saying why it is not. */
    static native void cublasLtStatus();

    static native void gemmNf4Bf16(long x, long qs, long absmax, long rowScale, long colScale, long bias,
                                   long residual, long gate, int m, int n, int k, long out, long stream);

    static native void gemmFp8Bf16(long x, long w, long wScale, long rowScale, long colScale, long bias,
                                   long residual, long gate, int m, int n, int k, long out, long stream);

    static native void gemmQ8_0Q8(long xq, long qs, long d, long rowScale, long colScale, long bias, long residual,
                                  long gate, int m, int n, int k, long out, long stream);

    static native void gemmQ4_KQ8(long xq, long blockSums, long blocks, long rowScale, long colScale, long bias,
                                  long residual, long gate, int m, int n, int k, long out, long stream);
}
