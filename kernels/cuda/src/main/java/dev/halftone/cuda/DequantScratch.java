package dev.halftone.cuda;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one device buffer every weight-only layer dequantizes its weights into before cuBLASLt multiplies them
 * ({@code ht_gemm_dequant_bf16}): cuBLASLt's workspace, then the bf16 weights of the largest layer that has used it.
 * Shared, so a model's weights stay in their stored format at rest (4.5 bits each for Q4_K) and one layer's bf16
 * copy exists at a time (72 MiB for a 3072 x 12288 MLP linear). One forward holds it at a time: a forward waits for
 * its stream before it returns, so the next one may overwrite it. It grows and is never freed, like a CUDA context's
 * own pools.
 */
final class DequantScratch {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static DeviceBuffer buffer;

    private DequantScratch() {
    }

    /** Locks the scratch for the calling thread and returns a buffer of at least {@code bytes}; {@link #release} it. */
    static DeviceBuffer acquire(long bytes) {
        LOCK.lock();
        try {
            if (buffer == null || buffer.bytes() < bytes) {
                if (buffer != null) {
                    buffer.close();
                    buffer = null;
                }
                buffer = DeviceBuffer.allocate(bytes);
            }
            return buffer;
        } catch (RuntimeException e) {
            LOCK.unlock();
            throw e;
        }
    }

    static void release() {
        LOCK.unlock();
    }

    /** The bytes a layer of {@code n} x {@code k} weights needs: the workspace and its whole bf16 weight. */
    static long bytesFor(int n, int k) {
        return HalftoneCuda.CUBLASLT_WORKSPACE_BYTES + 2L * n * k;
    }
}
