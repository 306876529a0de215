package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

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

    /**
     * The super-block step of ggml's Q4_K/Q5_K reference: max_scale and max_min are sequential maxima from 0 (so
     * a negative or NaN value never wins); each scale and min becomes nearest_int(63/max · v) truncated to a byte
     * as C's uint8_t store does, then capped at 63; the 6-bit pairs are packed into {@code out[0..12)};
     * d = fp16(max_scale/63), dmin = fp16(max_min/63), fp32 division then fp16 round to nearest even.
     *
     * @param scales6 scratch of 8, receives the 6-bit scales
     * @param mins6   scratch of 8, receives the 6-bit mins
     * @return d's fp16 bits in the low 16 bits, dmin's in the high 16
     */
    public static int quantize(float[] scales, float[] mins, int[] scales6, int[] mins6, byte[] out) {
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            if (scales[j] > maxScale) {
                maxScale = scales[j];
            }
            if (mins[j] > maxMin) {
                maxMin = mins[j];
            }
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (int j = 0; j < 8; j++) {
            scales6[j] = Math.min(63, GgmlRounding.nearestInt(invScale * scales[j]) & 0xff);
            mins6[j] = Math.min(63, GgmlRounding.nearestInt(invMin * mins[j]) & 0xff);
        }
        pack(scales6, mins6, out);
        return (Fp16.encode(maxScale / 63f) & 0xffff) | (Fp16.encode(maxMin / 63f) << 16);
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

    /**
     * sc_0..sc_7 as the bytes of a long (sc_j in bits 8j..8j+7), all eight at once from the packed bytes read as a
     * little-endian long ({@code low}, bytes 0..7) and int ({@code high}, bytes 8..11): the same masks as the
     * kmask1/kmask2/kmask3 step of ggml's SIMD {@code ggml_vec_dot_q4_K_q8_K}, so a decoder needs no per-j branch.
     */
    public static long scales(long low, int high) {
        int first = (int) low & 0x3f3f3f3f;
        int last = (high & 0x0f0f0f0f) | (((int) low >>> 2) & 0x30303030);
        return (first & 0xffffffffL) | ((long) last << 32);
    }

    /** m_0..m_7 as the bytes of a long, from the same two reads as {@link #scales(long, int)}. */
    public static long mins(long low, int high) {
        int first = (int) (low >>> 32) & 0x3f3f3f3f;
        int last = ((high >>> 4) & 0x0f0f0f0f) | (((int) (low >>> 32) >>> 2) & 0x30303030);
        return (first & 0xffffffffL) | ((long) last << 32);
    }
}
