package dev.halftone.cuda;

/** A CUDA stream (non-blocking) that the kernels of one layer run on, in order. */
public final class CudaStream implements AutoCloseable {
    private long handle;

    private CudaStream(long handle) {
        this.handle = handle;
    }

    public static CudaStream create() {
        return new CudaStream(HalftoneCuda.streamCreate());
    }

    long handle() {
        if (handle == 0) {
            throw new IllegalStateException("the CUDA stream is closed");
        }
        return handle;
    }

    /** Waits for everything queued on this stream; kernel faults surface here as a {@link CudaException}. */
    public void synchronize() {
        HalftoneCuda.streamSynchronize(handle());
    }

    @Override
    public void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            HalftoneCuda.streamDestroy(h);
        }
    }
}
