package dev.halftone.cuda;

/**
 * A failed call into libhalftone_cuda: the {@code ht_status} code and the library's message, which names the
 * entry point and, for CUDA failures, the CUDA error name and text (e.g. {@code cudaErrorMemoryAllocation}).
 */
public final class CudaException extends RuntimeException {
    /** {@code HT_ERR_CUDA}: a CUDA runtime call or a kernel launch failed. */
    public static final int CUDA_ERROR = 1;
    /** {@code HT_ERR_INVALID_ARGUMENT}: a null pointer or a shape no kernel takes. */
    public static final int INVALID_ARGUMENT = 2;
    /** {@code HT_ERR_UNSUPPORTED}: no kernel for this device. */
    public static final int UNSUPPORTED = 3;

    private final int status;

    /** Called by the JNI bridge. */
    public CudaException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
