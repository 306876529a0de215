package dev.halftone.engine.sampler;

/**
 * Random123's Philox4x32-10 counter-based generator (Salmon et al., SC'11): four 32-bit outputs from a 128-bit
 * counter and a 64-bit key, ten rounds; docs/model.md §4.1.
 */
public final class Philox4x32 {

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox4x32() {
    }

    /** Writes the four outputs for counter (c0..c3) and key (k0, k1) into out[0..3]. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * Integer.toUnsignedLong(c0);
            long p1 = M1 * Integer.toUnsignedLong(c2);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
