package dev.halftone.engine.simd;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.F32Matmul;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·Wᵀ (+ bias) in float32 with the Vector API: A is m×k row-major (any row stride), W a {@link PackedF32Matrix}.
 * Register-blocked micro-kernel of {@value #ROWS} rows × one panel (two vectors), cache-blocked over k in slices of
 * {@value #KC}: a task (a run of rows) walks k-slice by k-slice, and within a slice panel by panel, so one panel's
 * slice ({@value #KC} × panel width floats, 32 KiB at 512-bit lanes) stays in L1 while every row block of the task
 * passes over it, and the task's rows of A for that slice stay in L2. Between slices the partial sums live in C.
 * Every output is one fused multiply-add chain over k in increasing order starting from 0 (a partial sum stored to
 * and reloaded from C is an exact float, so the slicing does not change it), then + bias: bit-identical to
 * {@code ReferenceF32Matmul} and independent of blocking and thread count. The micro-kernel is kept small, with
 * branches only before and after its loop, so that C1 compiles it too (a larger one ran out of C1 registers and
 * stayed interpreted for minutes).
 */
public final class VectorF32Matmul implements F32Matmul {

    public static final VectorF32Matmul INSTANCE = new VectorF32Matmul();

    private static final VectorSpecies<Float> S = PreferredSpecies.FLOATS;
    private static final int L = S.length();
    private static final int PANEL = PackedF32Matrix.PANEL_WIDTH;
    /** Rows per micro-kernel call: 12 accumulators + 2 weight vectors + 1 broadcast fit the 32 AVX-512 registers. */
    static final int ROWS = 6;
    /** Depth of a k-slice: a panel's slice of W is KC × PANEL floats (32 KiB for 16-lane vectors, L1-resident). */
    static final int KC = 256;
    /** Rows per parallel task, at least: enough work per task to amortise scheduling. */
    private static final int MIN_TASK_ROWS = 8 * ROWS;
    /** Rows per parallel task, at most: the task's rows of one k-slice of A (192 × KC floats, 192 KiB) fit in L2. */
    private static final int MAX_TASK_ROWS = 32 * ROWS;

    private VectorF32Matmul() {
    }

    @Override
    public void multiply(float[] a, int aOffset, int lda, int m, PackedF32Matrix w, float[] bias,
                                float[] c, int cOffset, int ldc, WorkerPool pool) {
        int k = w.k();
        int n = w.n();
        int panels = PackedF32Matrix.panels(n);
        // about four tasks per thread (balance), each reading all of W once: more rows per task read W less often
        int perThread = (m + 4 * pool.threads() - 1) / (4 * pool.threads());
        int taskRows = Math.clamp((perThread + ROWS - 1) / ROWS * ROWS, MIN_TASK_ROWS, MAX_TASK_ROWS);
        int rowTasks = (m + taskRows - 1) / taskRows;
        // split the panels too when there are few rows (GEMV-like calls) so every thread has work
        int panelTasks = rowTasks >= 2 * pool.threads() ? 1 : Math.min(panels, 2 * pool.threads());
        int panelsPerTask = (panels + panelTasks - 1) / panelTasks;
        int tasks = rowTasks * panelTasks;
        pool.forEach(tasks, t -> {
            int rowTask = t / panelTasks;
            int panelTask = t % panelTasks;
            int row0 = rowTask * taskRows;
            int rowEnd = Math.min(m, row0 + taskRows);
            int p0 = panelTask * panelsPerTask;
            int pEnd = Math.min(panels, p0 + panelsPerTask);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int k1 = Math.min(k, k0 + KC);
                float[] sliceBias = k1 == k ? bias : null;
                for (int p = p0; p < pEnd; p++) {
                    int col = p * PANEL;
                    int valid = Math.min(PANEL, n - col);
                    int wOffset = p * k * PANEL;
                    int i = row0;
                    for (; i + ROWS <= rowEnd; i += ROWS) {
                        kernel6(a, aOffset + i * lda, lda, w.data(), wOffset, k0, k1, c, cOffset + i * ldc + col, ldc,
                                valid, sliceBias, col);
                    }
                    for (; i < rowEnd; i++) {
                        kernel1(a, aOffset + i * lda, w.data(), wOffset, k0, k1, c, cOffset + i * ldc + col, valid,
                                sliceBias, col);
                    }
                }
            }
        });
    }

    /** The running sum of one output vector: zero at the first k-slice, else the partial sum stored in C. */
    private static FloatVector start(int k0, float[] c, int at, VectorMask<Float> mask) {
        return k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, c, at, mask);
    }

    /** Adds the bias (if any: only after the last k-slice) and stores the accumulator's valid lanes. */
    private static void store(FloatVector acc, float[] c, int at, VectorMask<Float> mask, float[] bias, int biasAt) {
        if (bias != null) {
            acc = acc.add(FloatVector.fromArray(S, bias, biasAt, mask));
        }
        acc.intoArray(c, at, mask);
    }

    private static void kernel6(float[] a, int aAt, int lda, float[] w, int wAt, int k0, int k1,
                                float[] c, int cAt, int ldc, int valid, float[] bias, int col) {
        VectorMask<Float> m0 = S.indexInRange(0, valid);
        VectorMask<Float> m1 = S.indexInRange(L, valid);
        FloatVector r00 = start(k0, c, cAt, m0), r01 = start(k0, c, cAt + L, m1);
        FloatVector r10 = start(k0, c, cAt + ldc, m0), r11 = start(k0, c, cAt + ldc + L, m1);
        FloatVector r20 = start(k0, c, cAt + 2 * ldc, m0), r21 = start(k0, c, cAt + 2 * ldc + L, m1);
        FloatVector r30 = start(k0, c, cAt + 3 * ldc, m0), r31 = start(k0, c, cAt + 3 * ldc + L, m1);
        FloatVector r40 = start(k0, c, cAt + 4 * ldc, m0), r41 = start(k0, c, cAt + 4 * ldc + L, m1);
        FloatVector r50 = start(k0, c, cAt + 5 * ldc, m0), r51 = start(k0, c, cAt + 5 * ldc + L, m1);
        int a0 = aAt, a1 = aAt + lda, a2 = aAt + 2 * lda, a3 = aAt + 3 * lda, a4 = aAt + 4 * lda, a5 = aAt + 5 * lda;
        for (int kk = k0; kk < k1; kk++) {
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

    private static void kernel1(float[] a, int aAt, float[] w, int wAt, int k0, int k1,
                                float[] c, int cAt, int valid, float[] bias, int col) {
        VectorMask<Float> m0 = S.indexInRange(0, valid);
        VectorMask<Float> m1 = S.indexInRange(L, valid);
        FloatVector r0 = start(k0, c, cAt, m0), r1 = start(k0, c, cAt + L, m1);
        for (int kk = k0; kk < k1; kk++) {
            int at = wAt + kk * PANEL;
            FloatVector x = FloatVector.broadcast(S, a[aAt + kk]);
            r0 = x.fma(FloatVector.fromArray(S, w, at), r0);
            r1 = x.fma(FloatVector.fromArray(S, w, at + L), r1);
        }
        store(r0, c, cAt, m0, bias, col);
        store(r1, c, cAt + L, m1, bias, col + L);
    }
}
