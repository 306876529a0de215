package dev.halftone.engine.kernel;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.simd.PackedF32Matrix;

/** The scalar specification of {@link F32Matmul}: one {@code Math.fma} chain per output, single-threaded. */
public final class ReferenceF32Matmul implements F32Matmul {

    public static final ReferenceF32Matmul INSTANCE = new ReferenceF32Matmul();

    private ReferenceF32Matmul() {
    }

    @Override
    public void multiply(float[] a, int aOffset, int lda, int m, PackedF32Matrix w, float[] bias,
                         float[] c, int cOffset, int ldc, WorkerPool pool) {
        int n = w.n();
        int k = w.k();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int kk = 0; kk < k; kk++) {
                    acc = Math.fma(a[aOffset + i * lda + kk], w.get(j, kk), acc);
                }
                c[cOffset + i * ldc + j] = bias == null ? acc : acc + bias[j];
            }
        }
    }
}
