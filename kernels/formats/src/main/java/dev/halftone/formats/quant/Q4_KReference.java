package dev.halftone.formats.quant;

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
public final class Q4_KReference extends KSubBlockReference {
    public static final Q4_KReference INSTANCE = new Q4_KReference();

    static final int BLOCK_BYTES = 144;
    private static final int QS = 16;

    private Q4_KReference() {
        super(WeightFormat.Q4_K, BLOCK_BYTES, 15, -1f, 0.1f, 20);
    }

    /** Nibbles: byte l of chunk c holds sub-block 2c's level l in the low and sub-block 2c+1's in the high half. */
    @Override
    void packLevels(byte[] levels, byte[] block) {
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                block[QS + 32 * c + l] = (byte) (levels[64 * c + l] | (levels[64 * c + 32 + l] << 4));
            }
        }
    }

    @Override
    int level(byte[] block, int c, int high, int l) {
        return ((block[QS + 32 * c + l] & 0xff) >> (4 * high)) & 0xf;
    }
}
