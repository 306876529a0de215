package dev.halftone.engine.simd;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.F32Matmul;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * C = A·Wᵀ (+ bias) in float32 with the Vector API: A is m×k row-major (any row stride), W a {@link PackedF32Matrix}.
 * Register-blocked micro-kernel of {@value #ROWS} rows × one panel (two vectors) over the whole of k. Every output is
 * one fused multiply-add chain over k in increasing order starting from 0, then + bias: bit-identical to
 * {@code ReferenceF32Matmul} and independent of blocking and thread count.
 * <p>
 * The micro-kernels call nothing but Vector API methods and store whole vectors without masks. A vector that C2
 * passes to a call it did not inline must live in a heap object, and a loop-carried accumulator boxed once is
 * boxed on every iteration: with masked stores behind a small helper, the kernel grew past C2's node-count cutoff
 * (NodeCountInliningCutoff), ten of twelve helper calls stayed calls, and the kernel allocated about 20 GB/s and ran
 * 3-8x slower, in some JVMs and not others since the node count follows the profile (docs/benchmarks.md). The last
 * panel, when n is not a multiple of its width, is therefore computed into a full-width tile and copied.
 * The kernels are also small and free of branches so that C1 compiles them (a larger one ran out of C1 registers
 * and stayed interpreted for minutes).
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
    /**
     * The bias of a call without one: x + (−0) is x for every float x (−0 + −0 = −0, +0 + −0 = +0), so the kernels
     * add a bias unconditionally and stay free of branches. Never written.
     */
    private static final float[] NO_BIAS = negativeZeros(PANEL);

    private VectorF32Matmul() {
    }

    @Override
    public void multiply(float[] a, int aOffset, int lda, int m, PackedF32Matrix w, float[] bias,
                                float[] c, int cOffset, int ldc, WorkerPool pool) {
        int k = w.k();
        int n = w.n();
        int panels = PackedF32Matrix.panels(n);
        int fullPanels = n / PANEL;
        int rowTasks = (m + TASK_ROWS - 1) / TASK_ROWS;
        // split the panels too when there are few rows (GEMV-like calls) so every thread has work
        int panelTasks = rowTasks >= 2 * pool.threads() ? 1 : Math.min(panels, 2 * pool.threads());
        int panelsPerTask = (panels + panelTasks - 1) / panelTasks;
        int tasks = rowTasks * panelTasks;
        pool.forEach(tasks, t -> {
            int row0 = (t / panelTasks) * TASK_ROWS;
            int rows = Math.min(m, row0 + TASK_ROWS) - row0;
            int p0 = (t % panelTasks) * panelsPerTask;
            int pEnd = Math.min(panels, p0 + panelsPerTask);
            int aAt = aOffset + row0 * lda;
            for (int p = p0; p < pEnd; p++) {
                int col = p * PANEL;
                int wAt = p * k * PANEL;
                if (p < fullPanels) {
                    panel(a, aAt, lda, rows, w.data(), wAt, k, c, cOffset + row0 * ldc + col, ldc,
                            bias == null ? NO_BIAS : bias, bias == null ? 0 : col);
                } else {
                    lastPanel(a, aAt, lda, rows, w.data(), wAt, k, c, cOffset + row0 * ldc + col, ldc, bias, col,
                            n - col);
                }
            }
        });
    }

    /** One panel of {@code rows} rows, written whole: c and bias hold a full panel at every row they are given. */
    private static void panel(float[] a, int aAt, int lda, int rows, float[] w, int wAt, int k,
                              float[] c, int cAt, int ldc, float[] bias, int biasAt) {
        int i = 0;
        for (; i + ROWS <= rows; i += ROWS) {
            kernel6(a, aAt + i * lda, lda, w, wAt, k, c, cAt + i * ldc, ldc, bias, biasAt);
        }
        for (; i < rows; i++) {
            kernel1(a, aAt + i * lda, w, wAt, k, c, cAt + i * ldc, bias, biasAt);
        }
    }

    /** The panel that holds only {@code valid} < {@value #PANEL} outputs: up to {@value #ROWS} rows at a time. */
    private static void lastPanel(float[] a, int aAt, int lda, int rows, float[] w, int wAt, int k,
                                  float[] c, int cAt, int ldc, float[] bias, int col, int valid) {
        float[] tileBias = negativeZeros(PANEL);
        if (bias != null) {
            System.arraycopy(bias, col, tileBias, 0, valid);
        }
        float[] tile = new float[ROWS * PANEL];
        for (int i = 0; i < rows; i += ROWS) {
            int tileRows = Math.min(ROWS, rows - i);
            panel(a, aAt + i * lda, lda, tileRows, w, wAt, k, tile, 0, PANEL, tileBias, 0);
            for (int r = 0; r < tileRows; r++) {
                System.arraycopy(tile, r * PANEL, c, cAt + (i + r) * ldc, valid);
            }
        }
    }

    private static float[] negativeZeros(int length) {
        float[] zeros = new float[length];
        Arrays.fill(zeros, -0.0f);
        return zeros;
    }

    private static void kernel6(float[] a, int aAt, int lda, float[] w, int wAt, int k,
                                float[] c, int cAt, int ldc, float[] bias, int biasAt) {
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
        FloatVector b0 = FloatVector.fromArray(S, bias, biasAt);
        FloatVector b1 = FloatVector.fromArray(S, bias, biasAt + L);
        r00.add(b0).intoArray(c, cAt);
        r01.add(b1).intoArray(c, cAt + L);
        r10.add(b0).intoArray(c, cAt + ldc);
        r11.add(b1).intoArray(c, cAt + ldc + L);
        r20.add(b0).intoArray(c, cAt + 2 * ldc);
        r21.add(b1).intoArray(c, cAt + 2 * ldc + L);
        r30.add(b0).intoArray(c, cAt + 3 * ldc);
        r31.add(b1).intoArray(c, cAt + 3 * ldc + L);
        r40.add(b0).intoArray(c, cAt + 4 * ldc);
        r41.add(b1).intoArray(c, cAt + 4 * ldc + L);
        r50.add(b0).intoArray(c, cAt + 5 * ldc);
        r51.add(b1).intoArray(c, cAt + 5 * ldc + L);
    }

    private static void kernel1(float[] a, int aAt, float[] w, int wAt, int k,
                                float[] c, int cAt, float[] bias, int biasAt) {
        FloatVector r0 = FloatVector.zero(S), r1 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int at = wAt + kk * PANEL;
            FloatVector x = FloatVector.broadcast(S, a[aAt + kk]);
            r0 = x.fma(FloatVector.fromArray(S, w, at), r0);
            r1 = x.fma(FloatVector.fromArray(S, w, at + L), r1);
        }
        r0.add(FloatVector.fromArray(S, bias, biasAt)).intoArray(c, cAt);
        r1.add(FloatVector.fromArray(S, bias, biasAt + L)).intoArray(c, cAt + L);
    }
}
