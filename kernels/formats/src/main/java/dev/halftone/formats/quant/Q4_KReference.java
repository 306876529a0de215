package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_K reference codec, ported from ggml's {@code quantize_row_q4_K_ref} (the path without an importance matrix,
 * as llama-quantize without --imatrix and {@code ggml_quantize_chunk} with a null imatrix take) and
 * {@code dequantize_row_q4_K} (src/ggml-quants.c).
 *
 * <p>Per super-block of 256 = 8 sub-blocks of 32: weights w = sqrt(Σx²/32) + |x|; (scale_j, min_j) from
 * {@link KQuantSearch#makeQkx2Quants} with nmax 15, rmin −1, rdelta 0.1, 20 steps; the 6-bit scales and mins are
 * nearest_int(63·v/max) capped at 63; d = fp16(max_scale/63), dmin = fp16(max_min/63) (nearest even); then each
 * sub-block with nonzero d·sc is re-quantized against the stored values: q = clamp(nearest_int((x + dmin·m)/(d·sc)),
 * 0, 15). Decode: x = (d·sc)·q − dmin·m, each product rounded to float.
 */
public final class Q4_KReference implements RowCodec {
    public static final Q4_KReference INSTANCE = new Q4_KReference();

    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 144;
    private static final int QS = 16;

    private Q4_KReference() {
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q4_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        long blocks = WeightFormat.Q4_K.rowBytes(n) / BLOCK_BYTES;
        KSubBlockFit fit = new KSubBlockFit();
        byte[] block = new byte[BLOCK_BYTES];
        for (int b = 0; b < blocks; b++) {
            int x = srcOffset + b * BLOCK;
            fit.fit(src, x, 15, -1f, 0.1f, 20);
            fit.requantize(src, x, 15);
            fit.writeHeader(block);
            // nibbles: chunk c holds sub-block 2c in the low and 2c+1 in the high halves
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    block[QS + 32 * c + l] = (byte) (fit.levels[64 * c + l] | (fit.levels[64 * c + 32 + l] << 4));
                }
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q4_K.rowBytes(n) / BLOCK_BYTES;
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
                for (int l = 0; l < 32; l++) {
                    dst[y + 64 * c + l] = d1 * (block[QS + 32 * c + l] & 0xf) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    dst[y + 64 * c + 32 + l] = d2 * ((block[QS + 32 * c + l] & 0xff) >> 4) - m2;
                }
            }
        }
    }
}
