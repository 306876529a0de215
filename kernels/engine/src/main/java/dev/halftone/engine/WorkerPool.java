package dev.halftone.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The engine's worker threads: runs {@code task(i)} for i in [0, count) on the calling thread and
 * {@code threads - 1} helper threads. Callers partition work so that every output element is written by exactly one
 * task, which keeps results independent of the thread count.
 * <p>
 * The caller takes part rather than handing everything over and waiting: a waiting caller spun on a core the workers
 * needed (about 7 % of the samples of a forward on 2 cores) and every call paid two hand-offs instead of one. Indices
 * are taken from one counter, so a call allocates a few objects, not one task per index (attention runs a call per
 * token row).
 */
public final class WorkerPool implements AutoCloseable {

    private final ForkJoinPool helpers;
    private final int threads;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = threads == 1 ? null : new ForkJoinPool(threads - 1);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs task(0) .. task(count - 1), in parallel when the pool has more than one thread, and returns when all have
     * finished. A thread whose task fails takes no more indices and the other threads take the rest; the first
     * failure is rethrown once every thread has stopped.
     */
    public void forEach(int count, IntConsumer task) {
        if (helpers == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        ForkJoinTask<?>[] started = new ForkJoinTask<?>[Math.min(threads - 1, count - 1)];
        for (int h = 0; h < started.length; h++) {
            started[h] = helpers.submit(drain);
        }
        Throwable failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> helper : started) {
            try {
                helper.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }
}
