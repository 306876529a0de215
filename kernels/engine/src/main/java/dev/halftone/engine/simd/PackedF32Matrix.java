package dev.halftone.engine.simd;

/**
 * A float32 weight matrix W (n outputs × k inputs) repacked into panels of {@link #PANEL_WIDTH} outputs so the
 * matmul kernel reads one contiguous run of floats per k: {@code data[(p·k + kk)·PANEL_WIDTH + j] = W[p·PANEL_WIDTH + j][kk]},
 * zero for outputs at or beyond n. Attention repacks keys and values into one of these per call, so the shape can
 * change within the capacity it was allocated with.
 */
public final class PackedF32Matrix {

    /** Outputs per panel: two vectors of the preferred float species. */
    public static final int PANEL_WIDTH = 2 * PreferredSpecies.FLOATS.length();

    private final float[] data;
    private int n;
    private int k;

    private PackedF32Matrix(int capacityN, int capacityK) {
        this.data = new float[Math.multiplyExact(panels(capacityN), Math.multiplyExact(capacityK, PANEL_WIDTH))];
        this.n = capacityN;
        this.k = capacityK;
    }

    /** Room for any shape up to (capacityN, capacityK); call one of the pack methods before use. */
    public static PackedF32Matrix withCapacity(int capacityN, int capacityK) {
        if (capacityN < 1 || capacityK < 1) {
            throw new IllegalArgumentException("packed matrix shape must be positive, got " + capacityN + "x" + capacityK);
        }
        return new PackedF32Matrix(capacityN, capacityK);
    }

    /** Packs a PyTorch-layout weight (out, in) stored row-major in {@code w}. */
    public static PackedF32Matrix ofRows(float[] w, int n, int k) {
        if (w.length != (long) n * k) {
            throw new IllegalArgumentException("weight has " + w.length + " values, expected " + n + "x" + k);
        }
        PackedF32Matrix packed = withCapacity(n, k);
        packed.packRows(w, 0, k, n, k);
        return packed;
    }

    static int panels(int n) {
        return (n + PANEL_WIDTH - 1) / PANEL_WIDTH;
    }

    /** Packs W[j][kk] = src[offset + j·stride + kk] for j < n, kk < k (rows of src are outputs). */
    public void packRows(float[] src, int offset, int stride, int n, int k) {
        reshape(n, k);
        int panels = panels(n);
        for (int p = 0; p < panels; p++) {
            int base = p * k * PANEL_WIDTH;
            for (int j = 0; j < PANEL_WIDTH; j++) {
                int row = p * PANEL_WIDTH + j;
                if (row < n) {
                    int from = offset + row * stride;
                    for (int kk = 0; kk < k; kk++) {
                        data[base + kk * PANEL_WIDTH + j] = src[from + kk];
                    }
                } else {
                    for (int kk = 0; kk < k; kk++) {
                        data[base + kk * PANEL_WIDTH + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs W[j][kk] = src[offset + kk·stride + j] for j < n, kk < k (rows of src are inputs). */
    public void packColumns(float[] src, int offset, int stride, int n, int k) {
        reshape(n, k);
        int panels = panels(n);
        for (int p = 0; p < panels; p++) {
            int base = p * k * PANEL_WIDTH;
            int first = p * PANEL_WIDTH;
            int valid = Math.min(PANEL_WIDTH, n - first);
            for (int kk = 0; kk < k; kk++) {
                int to = base + kk * PANEL_WIDTH;
                System.arraycopy(src, offset + kk * stride + first, data, to, valid);
                for (int j = valid; j < PANEL_WIDTH; j++) {
                    data[to + j] = 0f;
                }
            }
        }
    }

    private void reshape(int n, int k) {
        if (n < 1 || k < 1 || (long) panels(n) * k * PANEL_WIDTH > data.length) {
            throw new IllegalArgumentException("shape " + n + "x" + k + " does not fit this packed matrix");
        }
        this.n = n;
        this.k = k;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** W[row][col] as packed, for tests and the scalar reference. */
    public float get(int row, int col) {
        return data[((row / PANEL_WIDTH) * k + col) * PANEL_WIDTH + row % PANEL_WIDTH];
    }

    float[] data() {
        return data;
    }

    /** Bytes held (capacity, padding included). */
    public long bytes() {
        return 4L * data.length;
    }
}
