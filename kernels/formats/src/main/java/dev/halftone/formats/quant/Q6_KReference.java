package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q6_K reference codec, ported from ggml's {@code quantize_row_q6_K_ref} and {@code dequantize_row_q6_K}
 * (src/ggml-quants.c). Per super-block of 256 = 16 sub-blocks of 16: symmetric fits from
 * {@link KQuantSearch#makeQxQuants} (nmax 32); the sub-block scales become int8 sc = min(127,
 * nearest_int(−128/max_scale · scale)) under d = fp16(max_scale/−128); levels are re-quantized as
 * clamp(nearest_int(x/(d·sc)), −32, 31) + 32. Layout: ql[128] low nibbles, qh[64] high 2-bit pairs, sc[16], d.
 * Decode: x = (d·sc)·(q − 32).
 */
public final class Q6_KReference implements RowCodec {
    public static final Q6_KReference INSTANCE = new Q6_KReference();

    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    private Q6_KReference() {
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q6_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        long blocks = WeightFormat.Q6_K.rowBytes(n) / BLOCK_BYTES;
        byte[] levels = new byte[BLOCK];
        float[] scales = new float[16];
        byte[] block = new byte[BLOCK_BYTES];
        for (int b = 0; b < blocks; b++) {
            int x = srcOffset + b * BLOCK;
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int ib = 0; ib < 16; ib++) {
                scales[ib] = KQuantSearch.makeQxQuants(16, 32, src, x + 16 * ib, levels, 16 * ib);
                float absScale = Math.abs(scales[ib]);
                if (absScale > maxAbsScale) {
                    maxAbsScale = absScale;
                    maxScale = scales[ib];
                }
            }
            java.util.Arrays.fill(block, (byte) 0);
            if (maxAbsScale >= KQuantSearch.GROUP_MAX_EPS) {
                float iscale = -128f / maxScale;
                short d = Fp16.encode(1 / iscale);
                block[D] = (byte) d;
                block[D + 1] = (byte) (d >> 8);
                for (int ib = 0; ib < 16; ib++) {
                    block[SCALES + ib] = (byte) Math.min(127, GgmlRounding.nearestInt(iscale * scales[ib]));
                }
                float storedD = Fp16.decode(d);
                for (int j = 0; j < 16; j++) {
                    float dj = storedD * block[SCALES + j];
                    if (dj == 0f) {
                        continue;
                    }
                    for (int i = 0; i < 16; i++) {
                        int l = GgmlRounding.nearestInt(src[x + 16 * j + i] / dj);
                        levels[16 * j + i] = (byte) (Math.max(-32, Math.min(31, l)) + 32);
                    }
                }
                pack(levels, block);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    /** Each 128-value half h: ql[64h + l] = L[l] | L[l+64] << 4, ql[64h + l + 32] = L[l+32] | L[l+96] << 4, qh = tops. */
    private static void pack(byte[] levels, byte[] block) {
        for (int h = 0; h < 2; h++) {
            int j = 128 * h;
            for (int l = 0; l < 32; l++) {
                int q1 = levels[j + l];
                int q2 = levels[j + l + 32];
                int q3 = levels[j + l + 64];
                int q4 = levels[j + l + 96];
                block[64 * h + l] = (byte) ((q1 & 0xf) | ((q3 & 0xf) << 4));
                block[64 * h + l + 32] = (byte) ((q2 & 0xf) | ((q4 & 0xf) << 4));
                block[QH + 32 * h + l] = (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
            }
        }
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q6_K.rowBytes(n) / BLOCK_BYTES;
        byte[] block = new byte[BLOCK_BYTES];
        for (int b = 0; b < blocks; b++) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset + (long) b * BLOCK_BYTES, block, 0, BLOCK_BYTES);
            float d = Fp16.decode(KSubBlockFit.half(block, D));
            for (int h = 0; h < 2; h++) {
                int y = dstOffset + b * BLOCK + 128 * h;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int ql0 = block[64 * h + l] & 0xff;
                    int ql32 = block[64 * h + l + 32] & 0xff;
                    int qh = block[QH + 32 * h + l] & 0xff;
                    int q1 = ((ql0 & 0xf) | ((qh & 3) << 4)) - 32;
                    int q2 = ((ql32 & 0xf) | (((qh >> 2) & 3) << 4)) - 32;
                    int q3 = ((ql0 >> 4) | (((qh >> 4) & 3) << 4)) - 32;
                    int q4 = ((ql32 >> 4) | (((qh >> 6) & 3) << 4)) - 32;
                    int sc = SCALES + 8 * h + is;
                    dst[y + l] = d * block[sc] * q1;
                    dst[y + l + 32] = d * block[sc + 2] * q2;
                    dst[y + l + 64] = d * block[sc + 4] * q3;
                    dst[y + l + 96] = d * block[sc + 6] * q4;
                }
            }
        }
    }
}
