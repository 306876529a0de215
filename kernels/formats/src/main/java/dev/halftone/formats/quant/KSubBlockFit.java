package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

/**
 * The part Q4_K and Q5_K share in ggml's reference quantizers ({@code quantize_row_q4_K_ref},
 * {@code quantize_row_q5_K_ref}): fit eight 32-value sub-blocks of a 256-value super-block with
 * {@link KQuantSearch#makeQkx2Quants}, quantize their scales and mins to 6 bits under fp16 super-scales, and
 * re-quantize the levels against the stored values. Holds the scratch of one super-block; not thread-safe.
 */
final class KSubBlockFit {
    final byte[] levels = new byte[256];
    final byte[] packedScales = new byte[KScales.BYTES];
    short d;
    short dmin;

    private final float[] weights = new float[32];
    private final float[] scales = new float[8];
    private final float[] mins = new float[8];
    private final byte[] scratch = new byte[32];
    private final int[] scales6 = new int[8];
    private final int[] mins6 = new int[8];

    /** Fits the super-block {@code x[offset..offset+256)}: levels, 6-bit scales/mins, d and dmin. */
    void fit(float[] x, int offset, int nmax, float rmin, float rdelta, int nstep) {
        for (int j = 0; j < 8; j++) {
            int sub = offset + 32 * j;
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) {
                sumX2 += x[sub + l] * x[sub + l];
            }
            // sqrtf: a float square root via double is correctly rounded (53 >= 2·24 + 2)
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) {
                weights[l] = avX + Math.abs(x[sub + l]);
            }
            scales[j] = KQuantSearch.makeQkx2Quants(32, nmax, x, sub, weights, levels, 32 * j, mins, j, scratch,
                    rmin, rdelta, nstep);
        }
        int superScales = KScales.quantize(scales, mins, scales6, mins6, packedScales);
        d = (short) superScales;
        dmin = (short) (superScales >>> 16);
    }

    /** Re-quantizes each sub-block against the stored d·sc and dmin·m; a zero d·sc keeps the fitted levels. */
    void requantize(float[] x, int offset, int nmax) {
        float storedD = Fp16.decode(d);
        float storedDmin = Fp16.decode(dmin);
        for (int j = 0; j < 8; j++) {
            float dj = storedD * KScales.scale(packedScales, 0, j);
            if (dj == 0f) {
                continue;
            }
            float dm = storedDmin * KScales.min(packedScales, 0, j);
            for (int i = 0; i < 32; i++) {
                int l = GgmlRounding.nearestInt((x[offset + 32 * j + i] + dm) / dj);
                levels[32 * j + i] = (byte) Math.max(0, Math.min(nmax, l));
            }
        }
    }

    /** Writes d, dmin (little-endian fp16) and the 12 scale bytes to {@code block[0..16)}. */
    void writeHeader(byte[] block) {
        block[0] = (byte) d;
        block[1] = (byte) (d >> 8);
        block[2] = (byte) dmin;
        block[3] = (byte) (dmin >> 8);
        System.arraycopy(packedScales, 0, block, 4, KScales.BYTES);
    }

    /** The little-endian fp16 at {@code block[offset]}. */
    static short half(byte[] block, int offset) {
        return (short) ((block[offset] & 0xff) | (block[offset + 1] << 8));
    }
}
