package dev.halftone.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Device memory owned by Java: allocated with {@code ht_malloc}, freed on {@link #close()}. Copies go through
 * native {@link MemorySegment}s (an {@link java.lang.foreign.Arena}'s), so no JNI array pinning is involved.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final long bytes;
    private long pointer;

    private DeviceBuffer(long pointer, long bytes) {
        this.pointer = pointer;
        this.bytes = bytes;
    }

    public static DeviceBuffer allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a device buffer needs a positive size, got " + bytes);
        }
        return new DeviceBuffer(HalftoneCuda.malloc(bytes), bytes);
    }

    /** Allocates a buffer of {@code host.byteSize()} bytes holding a copy of {@code host}. */
    public static DeviceBuffer copyOf(MemorySegment host, CudaStream stream) {
        DeviceBuffer buffer = allocate(host.byteSize());
        buffer.copyFrom(host, stream);
        return buffer;
    }

    public long bytes() {
        return bytes;
    }

    long pointer() {
        if (pointer == 0) {
            throw new IllegalStateException("the device buffer is closed");
        }
        return pointer;
    }

    /** Copies {@code host} (native memory, at most {@link #bytes()}) to the start of this buffer; returns when done. */
    public void copyFrom(MemorySegment host, CudaStream stream) {
        checkHost(host);
        HalftoneCuda.memcpyToDevice(pointer(), host.address(), host.byteSize(), stream.handle());
    }

    /** Copies the first {@code host.byteSize()} bytes of this buffer into {@code host}; returns when done. */
    public void copyTo(MemorySegment host, CudaStream stream) {
        checkHost(host);
        HalftoneCuda.memcpyToHost(host.address(), pointer(), host.byteSize(), stream.handle());
    }

    /** Sets every byte to {@code value} (queued on {@code stream}). */
    public void fill(byte value, CudaStream stream) {
        HalftoneCuda.memset(pointer(), value, bytes, stream.handle());
    }

    private void checkHost(MemorySegment host) {
        if (!host.isNative()) {
            throw new IllegalArgumentException("host memory must be a native segment (Arena-allocated)");
        }
        if (host.byteSize() > bytes) {
            throw new IllegalArgumentException("copy of " + host.byteSize() + " bytes exceeds the " + bytes
                    + "-byte device buffer");
        }
    }

    @Override
    public void close() {
        if (pointer != 0) {
            long p = pointer;
            pointer = 0;
            HalftoneCuda.free(p);
        }
    }
}
