package dev.halftone.engine.kernel;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.simd.PackedF32Matrix;

/**
 * C = A·Wᵀ (+ bias) in float32. Every implementation computes each output as one fused multiply-add chain over k in
 * increasing order from 0, then adds the bias, so all implementations agree bit for bit.
 */
public interface F32Matmul {

    /**
     * c[cOffset + i·ldc + j] = Σ_kk a[aOffset + i·lda + kk]·W[j][kk] (+ bias[j]) for i < m, j < w.n().
     *
     * @param bias null for none
     */
    void multiply(float[] a, int aOffset, int lda, int m, PackedF32Matrix w, float[] bias,
                  float[] c, int cOffset, int ldc, WorkerPool pool);
}
