package dev.halftone.engine.simd;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.Int8Matmul;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Int8 × int8 → int32 matmul with the Vector API: weight bytes are sign-extended to int lanes as they are loaded
 * (one vpmovsxbd per 16 weights, shared by {@value #ROWS} rows), then multiplied and added in int32. Integer sums are
 * exact, so the result equals {@code ReferenceInt8Matmul} for any blocking and thread count.
 */
public final class VectorInt8Matmul implements Int8Matmul {

    public static final VectorInt8Matmul INSTANCE = new VectorInt8Matmul();

    private static final VectorSpecies<Integer> S = PreferredSpecies.INTS;
    private static final VectorSpecies<Byte> B = PreferredSpecies.BYTES_FOR_INTS;
    private static final int L = S.length();
    private static final int PANEL = PackedInt8Matrix.PANEL_WIDTH;
    static final int ROWS = 6;
    private static final int TASK_ROWS = 8 * ROWS;

    private VectorInt8Matmul() {
    }

    @Override
    public void multiply(byte[] a, int m, PackedInt8Matrix w, int[] c, WorkerPool pool) {
        int k = w.k();
        int n = w.n();
        int panels = PackedInt8Matrix.panels(n);
        int rowTasks = (m + TASK_ROWS - 1) / TASK_ROWS;
        int panelTasks = rowTasks >= 2 * pool.threads() ? 1 : Math.min(panels, 2 * pool.threads());
        int panelsPerTask = (panels + panelTasks - 1) / panelTasks;
        pool.forEach(rowTasks * panelTasks, t -> {
            int row0 = (t / panelTasks) * TASK_ROWS;
            int rowEnd = Math.min(m, row0 + TASK_ROWS);
            int p0 = (t % panelTasks) * panelsPerTask;
            int pEnd = Math.min(panels, p0 + panelsPerTask);
            for (int p = p0; p < pEnd; p++) {
                int col = p * PANEL;
                int valid = Math.min(PANEL, n - col);
                int wOffset = p * k * PANEL;
                int i = row0;
                for (; i + ROWS <= rowEnd; i += ROWS) {
                    kernel6(a, i * k, k, w.data(), wOffset, c, i * n + col, n, valid);
                }
                for (; i < rowEnd; i++) {
                    kernel1(a, i * k, k, w.data(), wOffset, c, i * n + col, valid);
                }
            }
        });
    }

    private static IntVector widen(byte[] w, int at) {
        return (IntVector) ByteVector.fromArray(B, w, at).convertShape(VectorOperators.B2I, S, 0);
    }

    private static void kernel6(byte[] a, int aAt, int k, byte[] w, int wAt, int[] c, int cAt, int ldc, int valid) {
        VectorMask<Integer> m0 = S.indexInRange(0, valid);
        VectorMask<Integer> m1 = S.indexInRange(L, valid);
        IntVector r00 = IntVector.zero(S), r01 = IntVector.zero(S), r10 = IntVector.zero(S), r11 = IntVector.zero(S);
        IntVector r20 = IntVector.zero(S), r21 = IntVector.zero(S), r30 = IntVector.zero(S), r31 = IntVector.zero(S);
        IntVector r40 = IntVector.zero(S), r41 = IntVector.zero(S), r50 = IntVector.zero(S), r51 = IntVector.zero(S);
        int a0 = aAt, a1 = aAt + k, a2 = aAt + 2 * k, a3 = aAt + 3 * k, a4 = aAt + 4 * k, a5 = aAt + 5 * k;
        for (int kk = 0; kk < k; kk++) {
            int at = wAt + kk * PANEL;
            IntVector w0 = widen(w, at);
            IntVector w1 = widen(w, at + L);
            IntVector x = IntVector.broadcast(S, a[a0 + kk]);
            r00 = r00.add(x.mul(w0));
            r01 = r01.add(x.mul(w1));
            x = IntVector.broadcast(S, a[a1 + kk]);
            r10 = r10.add(x.mul(w0));
            r11 = r11.add(x.mul(w1));
            x = IntVector.broadcast(S, a[a2 + kk]);
            r20 = r20.add(x.mul(w0));
            r21 = r21.add(x.mul(w1));
            x = IntVector.broadcast(S, a[a3 + kk]);
            r30 = r30.add(x.mul(w0));
            r31 = r31.add(x.mul(w1));
            x = IntVector.broadcast(S, a[a4 + kk]);
            r40 = r40.add(x.mul(w0));
            r41 = r41.add(x.mul(w1));
            x = IntVector.broadcast(S, a[a5 + kk]);
            r50 = r50.add(x.mul(w0));
            r51 = r51.add(x.mul(w1));
        }
        r00.intoArray(c, cAt, m0);
        r01.intoArray(c, cAt + L, m1);
        r10.intoArray(c, cAt + ldc, m0);
        r11.intoArray(c, cAt + ldc + L, m1);
        r20.intoArray(c, cAt + 2 * ldc, m0);
        r21.intoArray(c, cAt + 2 * ldc + L, m1);
        r30.intoArray(c, cAt + 3 * ldc, m0);
        r31.intoArray(c, cAt + 3 * ldc + L, m1);
        r40.intoArray(c, cAt + 4 * ldc, m0);
        r41.intoArray(c, cAt + 4 * ldc + L, m1);
        r50.intoArray(c, cAt + 5 * ldc, m0);
        r51.intoArray(c, cAt + 5 * ldc + L, m1);
    }

    private static void kernel1(byte[] a, int aAt, int k, byte[] w, int wAt, int[] c, int cAt, int valid) {
        IntVector r0 = IntVector.zero(S), r1 = IntVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int at = wAt + kk * PANEL;
            IntVector x = IntVector.broadcast(S, a[aAt + kk]);
            r0 = r0.add(x.mul(widen(w, at)));
            r1 = r1.add(x.mul(widen(w, at + L)));
        }
        r0.intoArray(c, cAt, S.indexInRange(0, valid));
        r1.intoArray(c, cAt + L, S.indexInRange(L, valid));
    }
}
