package dev.halftone.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The engine's worker threads: runs {@code task(i)} for i in [0, count) spread over a fixed pool.
 * Callers partition work so that every output element is written by exactly one task, which keeps results
 * independent of the thread count.
 */
public final class WorkerPool implements AutoCloseable {

    private final ForkJoinPool pool;
    private final int threads;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs task(0) .. task(count - 1), in parallel when the pool has more than one thread, and waits. */
    public void forEach(int count, IntConsumer task) {
        if (pool == null || count == 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            tasks.add(ForkJoinTask.adapt(() -> task.accept(index)));
        }
        // invokeAll must run inside this pool (outside it, fork() would go to the common pool); it rethrows
        // the first failure after all tasks finished
        pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
