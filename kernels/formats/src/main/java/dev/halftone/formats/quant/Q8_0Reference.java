package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_0 reference codec, ported from ggml's {@code quantize_row_q8_0_ref} and {@code dequantize_row_q8_0}
 * (src/ggml-quants.c). Per block of 32: amax = max|x|; d = amax/127 (float division, nearest even);
 * id = d ≠ 0 ? 1/d : 0, computed from the fp32 d, not the stored fp16 one; q = roundf(x·id) (half away from zero);
 * stored d = fp16(d) (nearest even). Decode: x = q·fp16→fp32(d), one float multiply.
 */
public final class Q8_0Reference implements RowCodec {
    public static final Q8_0Reference INSTANCE = new Q8_0Reference();

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 34;
    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Q8_0Reference() {
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q8_0;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        long blocks = WeightFormat.Q8_0.rowBytes(n) / BLOCK_BYTES;
        for (int b = 0; b < blocks; b++) {
            int x = srcOffset + b * BLOCK;
            long out = dstOffset + (long) b * BLOCK_BYTES;
            float amax = 0f;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(src[x + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            dst.set(HALF, out, Fp16.encode(d));
            for (int j = 0; j < BLOCK; j++) {
                dst.set(ValueLayout.JAVA_BYTE, out + 2 + j, (byte) GgmlRounding.roundHalfAwayFromZero(src[x + j] * id));
            }
        }
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q8_0.rowBytes(n) / BLOCK_BYTES;
        for (int b = 0; b < blocks; b++) {
            long in = srcOffset + (long) b * BLOCK_BYTES;
            float d = Fp16.decode(src.get(HALF, in));
            int y = dstOffset + b * BLOCK;
            for (int j = 0; j < BLOCK; j++) {
                dst[y + j] = src.get(ValueLayout.JAVA_BYTE, in + 2 + j) * d;
            }
        }
    }
}
