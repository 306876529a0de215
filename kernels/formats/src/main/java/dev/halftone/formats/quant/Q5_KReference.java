package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_K reference codec, ported from ggml's {@code quantize_row_q5_K_ref} and {@code dequantize_row_q5_K}
 * (src/ggml-quants.c). Same scheme as {@link Q4_KReference} with 5-bit levels (nmax 31; search rmin −0.5,
 * rdelta 0.1, 15 steps). Layout: d, dmin, 12 scale bytes, qh[32] (bit 2c of qh[l] = fifth bit of value l of
 * sub-block 2c, bit 2c+1 that of sub-block 2c+1), qs[128] (low nibbles as in Q4_K).
 */
public final class Q5_KReference implements RowCodec {
    public static final Q5_KReference INSTANCE = new Q5_KReference();

    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 176;
    private static final int QH = 16;
    private static final int QS = 48;

    private Q5_KReference() {
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q5_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        long blocks = WeightFormat.Q5_K.rowBytes(n) / BLOCK_BYTES;
        KSubBlockFit fit = new KSubBlockFit();
        byte[] block = new byte[BLOCK_BYTES];
        for (int b = 0; b < blocks; b++) {
            int x = srcOffset + b * BLOCK;
            fit.fit(src, x, 31, -0.5f, 0.1f, 15);
            fit.requantize(src, x, 31);
            fit.writeHeader(block);
            java.util.Arrays.fill(block, QH, QS, (byte) 0);
            for (int c = 0; c < 4; c++) {
                int lowBit = 1 << (2 * c);
                int highBit = 2 << (2 * c);
                for (int j = 0; j < 32; j++) {
                    int l1 = fit.levels[64 * c + j];
                    if (l1 > 15) {
                        l1 -= 16;
                        block[QH + j] |= (byte) lowBit;
                    }
                    int l2 = fit.levels[64 * c + 32 + j];
                    if (l2 > 15) {
                        l2 -= 16;
                        block[QH + j] |= (byte) highBit;
                    }
                    block[QS + 32 * c + j] = (byte) (l1 | (l2 << 4));
                }
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q5_K.rowBytes(n) / BLOCK_BYTES;
        byte[] block = new byte[BLOCK_BYTES];
        for (int b = 0; b < blocks; b++) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset + (long) b * BLOCK_BYTES, block, 0, BLOCK_BYTES);
            float d = Fp16.decode(KSubBlockFit.half(block, 0));
            float dmin = Fp16.decode(KSubBlockFit.half(block, 2));
            int y = dstOffset + b * BLOCK;
            for (int c = 0; c < 4; c++) {
                float d1 = d * KScales.scale(block, 4, 2 * c);
                float m1 = dmin * KScales.min(block, 4, 2 * c);
                float d2 = d * KScales.scale(block, 4, 2 * c + 1);
                float m2 = dmin * KScales.min(block, 4, 2 * c + 1);
                int lowBit = 1 << (2 * c);
                int highBit = 2 << (2 * c);
                for (int l = 0; l < 32; l++) {
                    int q = (block[QS + 32 * c + l] & 0xf) + ((block[QH + l] & lowBit) != 0 ? 16 : 0);
                    dst[y + 64 * c + l] = d1 * q - m1;
                }
                for (int l = 0; l < 32; l++) {
                    int q = ((block[QS + 32 * c + l] & 0xff) >> 4) + ((block[QH + l] & highBit) != 0 ? 16 : 0);
                    dst[y + 64 * c + 32 + l] = d2 * q - m2;
                }
            }
        }
    }
}
