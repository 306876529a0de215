package dev.halftone.formats.quant;

/**
 * Q5_K reference codec, ported from ggml's {@code quantize_row_q5_K_ref} and {@code dequantize_row_q5_K}
 * (src/ggml-quants.c). Same scheme as {@link Q4_KReference} with 5-bit levels (nmax 31; search rmin −0.5,
 * rdelta 0.1, 15 steps). Layout: d, dmin, 12 scale bytes, qh[32] (bit 2c of qh[l] = fifth bit of value l of
 * sub-block 2c, bit 2c+1 that of sub-block 2c+1), qs[128] (low nibbles as in Q4_K).
 */
public final class Q5_KReference extends KSubBlockReference {
    public static final Q5_KReference INSTANCE = new Q5_KReference();

    static final int BLOCK_BYTES = 176;
    private static final int QH = 16;
    private static final int QS = 48;

    private Q5_KReference() {
        super(WeightFormat.Q5_K, BLOCK_BYTES, 31, -0.5f, 0.1f, 15);
    }

    @Override
    void packLevels(byte[] levels, byte[] block) {
        java.util.Arrays.fill(block, QH, QS, (byte) 0);
        for (int c = 0; c < 4; c++) {
            int lowBit = 1 << (2 * c);
            int highBit = 2 << (2 * c);
            for (int j = 0; j < 32; j++) {
                int l1 = levels[64 * c + j];
                if (l1 > 15) {
                    l1 -= 16;
                    block[QH + j] |= (byte) lowBit;
                }
                int l2 = levels[64 * c + 32 + j];
                if (l2 > 15) {
                    l2 -= 16;
                    block[QH + j] |= (byte) highBit;
                }
                block[QS + 32 * c + j] = (byte) (l1 | (l2 << 4));
            }
        }
    }

    @Override
    int level(byte[] block, int c, int high, int l) {
        int nibble = ((block[QS + 32 * c + l] & 0xff) >> (4 * high)) & 0xf;
        return nibble + ((block[QH + l] >> (2 * c + high)) & 1) * 16;
    }
}
