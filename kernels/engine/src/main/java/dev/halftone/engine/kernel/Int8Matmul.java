package dev.halftone.engine.kernel;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.simd.PackedInt8Matrix;

/** Integer matmul for W8A8: int32 C = A·Wᵀ with A m×k int8 row-major and W a packed int8 matrix; exact. */
public interface Int8Matmul {

    /** c[i·n + j] = Σ_kk a[i·k + kk]·W[j][kk] in int32 for i < m, j < w.n(); no overflow for k below 133,000. */
    void multiply(byte[] a, int m, PackedInt8Matrix w, int[] c, WorkerPool pool);
}
