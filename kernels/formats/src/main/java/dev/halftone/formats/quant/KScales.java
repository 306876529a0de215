package dev.halftone.formats.quant;

/**
 * The 12-byte packing of eight 6-bit (scale, min) pairs shared by Q4_K and Q5_K (ggml src/ggml-quants.c,
 * {@code get_scale_min_k4} and the packing loop of {@code quantize_row_q4_K_ref}). For sub-block j &lt; 4: byte j holds
 * sc_j, byte j+4 holds m_j, in their low 6 bits. For j ≥ 4: byte j+4 holds sc_j's low nibble and m_j's low nibble
 * (high half); the top 2 bits of sc_j go to bits 6–7 of byte j−4 and those of m_j to bits 6–7 of byte j.
 */
public final class KScales {
    public static final int BYTES = 12;

    private KScales() {
    }

    /** Packs 6-bit scales and mins (each 0..63) into {@code out[0..12)}. */
    public static void pack(int[] scales, int[] mins, byte[] out) {
        java.util.Arrays.fill(out, 0, BYTES, (byte) 0);
        for (int j = 0; j < 8; j++) {
            int ls = scales[j];
            int lm = mins[j];
            if (j < 4) {
                out[j] = (byte) ls;
                out[j + 4] = (byte) lm;
            } else {
                out[j + 4] = (byte) ((ls & 0xf) | ((lm & 0xf) << 4));
                out[j - 4] |= (byte) ((ls >> 4) << 6);
                out[j] |= (byte) ((lm >> 4) << 6);
            }
        }
    }

    /** sc_j of the packed {@code q[offset..offset+12)}. */
    public static int scale(byte[] q, int offset, int j) {
        if (j < 4) {
            return q[offset + j] & 63;
        }
        return (q[offset + j + 4] & 0xf) | (((q[offset + j - 4] & 0xff) >> 6) << 4);
    }

    /** m_j of the packed {@code q[offset..offset+12)}. */
    public static int min(byte[] q, int offset, int j) {
        if (j < 4) {
            return q[offset + j + 4] & 63;
        }
        return ((q[offset + j + 4] & 0xff) >> 4) | (((q[offset + j] & 0xff) >> 6) << 4);
    }
}
