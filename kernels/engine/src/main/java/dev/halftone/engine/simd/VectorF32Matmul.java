package dev.halftone.engine.simd;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.F32Matmul;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·Wᵀ (+ bias) in float32 with the Vector API: A is m×k row-major (any row stride), W a {@link PackedF32Matrix}.
 * Register-blocked micro-kernel of {@value #ROWS} rows × one panel (two vectors) over the whole of k. Every output is
 * one fused multiply-add chain over k in increasing order starting from 0, then + bias: bit-identical to
 * {@code ReferenceF32Matmul} and independent of blocking and thread count. The micro-kernel is kept small and free
 * of branches so that C1 compiles it too (a larger one ran out of C1 registers and stayed interpreted for minutes).
 */
public final class VectorF32Matmul implements F32Matmul {

    public static final VectorF32Matmul INSTANCE = new VectorF32Matmul();

    private static final VectorSpecies<Float> S = PreferredSpecies.FLOATS;
    private static final int L = S.length();
    private static final int PANEL = PackedF32Matrix.PANEL_WIDTH;
    /** Rows per micro-kernel call: 12 accumulators + 2 weight vectors + 1 broadcast fit the 32 AVX-512 registers. */
    static final int ROWS = 6;
    /** Rows per parallel task: enough work per task to amortise scheduling, few enough to balance 2+ threads. */
    private static final int TASK_ROWS = 8 * ROWS;

    private VectorF32Matmul() {
    }

    @Override
    public void multiply(float[] a, int aOffset, int lda, int m, PackedF32Matrix w, float[] bias,
                                float[] c, int cOffset, int ldc, WorkerPool pool) {
        int k = w.k();
        int n = w.n();
        int panels = PackedF32Matrix.panels(n);
        int rowTasks = (m + TASK_ROWS - 1) / TASK_ROWS;
        // split the panels too when there are few rows (GEMV-like calls) so every thread has work
        int panelTasks = rowTasks >= 2 * pool.threads() ? 1 : Math.min(panels, 2 * pool.threads());
        int panelsPerTask = (panels + panelTasks - 1) / panelTasks;
        int tasks = rowTasks * panelTasks;
        pool.forEach(tasks, t -> {
            int rowTask = t / panelTasks;
            int panelTask = t % panelTasks;
            int row0 = rowTask * TASK_ROWS;
            int rowEnd = Math.min(m, row0 + TASK_ROWS);
            int p0 = panelTask * panelsPerTask;
            int pEnd = Math.min(panels, p0 + panelsPerTask);
            for (int p = p0; p < pEnd; p++) {
                int col = p * PANEL;
                int valid = Math.min(PANEL, n - col);
                int wOffset = p * k * PANEL;
                int i = row0;
                for (; i + ROWS <= rowEnd; i += ROWS) {
                    kernel6(a, aOffset + i * lda, lda, w.data(), wOffset, k, c, cOffset + i * ldc + col, ldc,
                            valid, bias, col);
                }
                for (; i < rowEnd; i++) {
                    kernel1(a, aOffset + i * lda, w.data(), wOffset, k, c, cOffset + i * ldc + col, valid, bias, col);
                }
            }
        });
    }

    /** Adds the bias (if any) and stores the accumulator's valid lanes. */
    private static void store(FloatVector acc, float[] c, int at, VectorMask<Float> mask, float[] bias, int biasAt) {
        if (bias != null) {
            acc = acc.add(FloatVector.fromArray(S, bias, biasAt, mask));
        }
        acc.intoArray(c, at, mask);
    }

    private static void kernel6(float[] a, int aAt, int lda, float[] w, int wAt, int k,
                                float[] c, int cAt, int ldc, int valid, float[] bias, int col) {
        FloatVector r00 = FloatVector.zero(S), r01 = FloatVector.zero(S), r10 = FloatVector.zero(S);
        FloatVector r11 = FloatVector.zero(S), r20 = FloatVector.zero(S), r21 = FloatVector.zero(S);
        FloatVector r30 = FloatVector.zero(S), r31 = FloatVector.zero(S), r40 = FloatVector.zero(S);
        FloatVector r41 = FloatVector.zero(S), r50 = FloatVector.zero(S), r51 = FloatVector.zero(S);
        int a0 = aAt, a1 = aAt + lda, a2 = aAt + 2 * lda, a3 = aAt + 3 * lda, a4 = aAt + 4 * lda, a5 = aAt + 5 * lda;
        for (int kk = 0; kk < k; kk++) {
            int at = wAt + kk * PANEL;
            FloatVector w0 = FloatVector.fromArray(S, w, at);
            FloatVector w1 = FloatVector.fromArray(S, w, at + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            r00 = x.fma(w0, r00);
            r01 = x.fma(w1, r01);
            x = FloatVector.broadcast(S, a[a1 + kk]);
            r10 = x.fma(w0, r10);
            r11 = x.fma(w1, r11);
            x = FloatVector.broadcast(S, a[a2 + kk]);
            r20 = x.fma(w0, r20);
            r21 = x.fma(w1, r21);
            x = FloatVector.broadcast(S, a[a3 + kk]);
            r30 = x.fma(w0, r30);
            r31 = x.fma(w1, r31);
            x = FloatVector.broadcast(S, a[a4 + kk]);
            r40 = x.fma(w0, r40);
            r41 = x.fma(w1, r41);
            x = FloatVector.broadcast(S, a[a5 + kk]);
            r50 = x.fma(w0, r50);
            r51 = x.fma(w1, r51);
        }
        VectorMask<Float> m0 = S.indexInRange(0, valid);
        VectorMask<Float> m1 = S.indexInRange(L, valid);
        store(r00, c, cAt, m0, bias, col);
        store(r01, c, cAt + L, m1, bias, col + L);
        store(r10, c, cAt + ldc, m0, bias, col);
        store(r11, c, cAt + ldc + L, m1, bias, col + L);
        store(r20, c, cAt + 2 * ldc, m0, bias, col);
        store(r21, c, cAt + 2 * ldc + L, m1, bias, col + L);
        store(r30, c, cAt + 3 * ldc, m0, bias, col);
        store(r31, c, cAt + 3 * ldc + L, m1, bias, col + L);
        store(r40, c, cAt + 4 * ldc, m0, bias, col);
        store(r41, c, cAt + 4 * ldc + L, m1, bias, col + L);
        store(r50, c, cAt + 5 * ldc, m0, bias, col);
        store(r51, c, cAt + 5 * ldc + L, m1, bias, col + L);
    }

    private static void kernel1(float[] a, int aAt, float[] w, int wAt, int k,
                                float[] c, int cAt, int valid, float[] bias, int col) {
        FloatVector r0 = FloatVector.zero(S), r1 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int at = wAt + kk * PANEL;
            FloatVector x = FloatVector.broadcast(S, a[aAt + kk]);
            r0 = x.fma(FloatVector.fromArray(S, w, at), r0);
            r1 = x.fma(FloatVector.fromArray(S, w, at + L), r1);
        }
        store(r0, c, cAt, S.indexInRange(0, valid), bias, col);
        store(r1, c, cAt + L, S.indexInRange(L, valid), bias, col + L);
    }
}
