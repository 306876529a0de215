package dev.halftone.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The calling thread and the helpers together run every index exactly once; a failure surfaces when all stopped. */
class WorkerPoolTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int count : new int[] {0, 1, 2, 7, 532}) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(count);
                    pool.forEach(count, runs::incrementAndGet);
                    for (int i = 0; i < count; i++) {
                        assertEquals(1, runs.get(i), "index " + i + " of " + count + ", " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void failureIsRethrownAfterTheOtherThreadsTookTheRemainingIndices() {
        IllegalStateException failure = new IllegalStateException("task 3");
        for (int threads = 1; threads <= 3; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                AtomicIntegerArray runs = new AtomicIntegerArray(64);
                RuntimeException thrown = assertThrows(RuntimeException.class, () -> pool.forEach(64, i -> {
                    runs.incrementAndGet(i);
                    if (i == 3) {
                        throw failure;
                    }
                }));
                assertSame(failure, rootOf(thrown), threads + " threads");
                // one thread stops at its failure; with more, the others run every remaining index
                int expectedRuns = threads == 1 ? 4 : 64;
                for (int i = 0; i < 64; i++) {
                    assertEquals(i < expectedRuns ? 1 : 0, runs.get(i), "index " + i + ", " + threads + " threads");
                }
            }
        }
    }

    /** ForkJoinTask.join may rethrow a copy that wraps the original as its cause. */
    private static Throwable rootOf(Throwable thrown) {
        return thrown == null || thrown.getCause() == null ? thrown : thrown.getCause();
    }
}
