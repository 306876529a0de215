package dev.halftone.engine.kernel;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.simd.PackedInt8Matrix;

/** The scalar specification of {@link Int8Matmul}: plain int32 sums, single-threaded. */
public final class ReferenceInt8Matmul implements Int8Matmul {

    public static final ReferenceInt8Matmul INSTANCE = new ReferenceInt8Matmul();

    private ReferenceInt8Matmul() {
    }

    @Override
    public void multiply(byte[] a, int m, PackedInt8Matrix w, int[] c, WorkerPool pool) {
        int n = w.n();
        int k = w.k();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int acc = 0;
                for (int kk = 0; kk < k; kk++) {
                    acc += a[i * k + kk] * w.get(j, kk);
                }
                c[i * n + j] = acc;
            }
        }
    }
}
