package dev.halftone.engine.simd;

/**
 * An int8 weight matrix W (n outputs × k inputs) repacked into panels of {@link #PANEL_WIDTH} outputs:
 * {@code data[(p·k + kk)·PANEL_WIDTH + j] = W[p·PANEL_WIDTH + j][kk]}, zero beyond n. One byte per weight, as stored.
 */
public final class PackedInt8Matrix {

    /** Outputs per panel: two vectors of the preferred int species. */
    public static final int PANEL_WIDTH = 2 * PreferredSpecies.INTS.length();

    private final byte[] data;
    private final int n;
    private final int k;

    private PackedInt8Matrix(byte[] data, int n, int k) {
        this.data = data;
        this.n = n;
        this.k = k;
    }

    /** Packs a PyTorch-layout int8 weight (out, in) stored row-major. */
    public static PackedInt8Matrix ofRows(byte[] w, int n, int k) {
        if (n < 1 || k < 1 || w.length != (long) n * k) {
            throw new IllegalArgumentException("int8 weight has " + w.length + " values, expected " + n + "x" + k);
        }
        int panels = panels(n);
        byte[] data = new byte[Math.multiplyExact(panels, Math.multiplyExact(k, PANEL_WIDTH))];
        for (int row = 0; row < n; row++) {
            int base = (row / PANEL_WIDTH) * k * PANEL_WIDTH + row % PANEL_WIDTH;
            for (int kk = 0; kk < k; kk++) {
                data[base + kk * PANEL_WIDTH] = w[row * k + kk];
            }
        }
        return new PackedInt8Matrix(data, n, k);
    }

    static int panels(int n) {
        return (n + PANEL_WIDTH - 1) / PANEL_WIDTH;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** W[row][col], for tests and the scalar reference. */
    public byte get(int row, int col) {
        return data[((row / PANEL_WIDTH) * k + col) * PANEL_WIDTH + row % PANEL_WIDTH];
    }

    byte[] data() {
        return data;
    }

    public long bytes() {
        return data.length;
    }
}
