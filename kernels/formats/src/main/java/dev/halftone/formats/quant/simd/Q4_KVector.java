package dev.halftone.formats.quant.simd;

import dev.halftone.formats.quant.KScales;
import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.WeightFormat;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q4_K with the Vector API, bit-identical to {@link dev.halftone.formats.quant.Q4_KReference}: the scale search runs
 * the eight sub-blocks in eight lanes ({@link KSubBlockFitVector}). Decoding looks values up instead of computing
 * them: a level q is 0..15, so each sub-block's sixteen possible outputs (d·sc)·q − dmin·m are computed once, with
 * the reference's two roundings, into a table, and every nibble selects its entry; one permute per vector replaces
 * the widening conversion, multiply and subtract. Not thread-safe (per-instance scratch): use one per thread.
 */
public final class Q4_KVector implements RowCodec {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() >= 16
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** One nibble byte per float lane, so a load widens to indices in a single conversion. */
    private static final VectorSpecies<Byte> NIBBLES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(F.length() * Byte.SIZE));
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_256;
    private static final float[] LEVELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int BLOCK = 256;
    private static final int BLOCK_BYTES = 144;
    private static final int QS = 16;

    private final KSubBlockFitVector fit = new KSubBlockFitVector();
    private final byte[] block = new byte[BLOCK_BYTES];

    @Override
    public WeightFormat format() {
        return WeightFormat.Q4_K;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        long blocks = WeightFormat.Q4_K.rowBytes(n) / BLOCK_BYTES;
        for (int b = 0; b < blocks; b++) {
            int x = srcOffset + b * BLOCK;
            fit.fit(src, x, 15, -1f, 0.1f, 20);
            fit.requantize(src, x, 15);
            fit.writeHeader(block);
            for (int c = 0; c < 4; c++) {
                ByteVector low = ByteVector.fromArray(B, fit.levels, 64 * c);
                ByteVector high = ByteVector.fromArray(B, fit.levels, 64 * c + 32);
                low.or(high.lanewise(VectorOperators.LSHL, 4)).intoArray(block, QS + 32 * c);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    /**
     * The table of sub-block j is {@code LEVELS·d1 − m1}, one lanewise multiply and one subtract, the same float
     * operations as the reference's d1·q − m1. Its 16 entries span two vectors at 8 lanes; the two-vector
     * {@code selectFrom} reads index mod 2·lanes, so at 8 lanes it takes the nibble itself, and at 16 lanes, where
     * both halves are the one table, it ignores bit 4. Indices are the nibble bytes sign-extended: the low nibble as
     * is, the high one after an arithmetic shift by 4; the bits above each nibble fall away in the wrap.
     */
    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q4_K.rowBytes(n) / BLOCK_BYTES;
        int lanes = F.length();
        FloatVector lowerLevels = FloatVector.fromArray(F, LEVELS, 0);
        FloatVector upperLevels = lanes == LEVELS.length ? lowerLevels : FloatVector.fromArray(F, LEVELS, lanes);
        for (int b = 0; b < blocks; b++) {
            long in = srcOffset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(src.get(ValueLayout.JAVA_SHORT_UNALIGNED, in));
            float dmin = Float.float16ToFloat(src.get(ValueLayout.JAVA_SHORT_UNALIGNED, in + 2));
            long packedLow = src.get(ValueLayout.JAVA_LONG_UNALIGNED, in + 4);
            int packedHigh = src.get(ValueLayout.JAVA_INT_UNALIGNED, in + 12);
            long scales = KScales.scales(packedLow, packedHigh);
            long mins = KScales.mins(packedLow, packedHigh);
            int y = dstOffset + b * BLOCK;
            // chunk c: 32 bytes whose low nibbles are sub-block 2c, high nibbles sub-block 2c + 1
            for (int c = 0; c < 4; c++) {
                float d1 = d * (int) ((scales >>> (16 * c)) & 0xff);
                float m1 = dmin * (int) ((mins >>> (16 * c)) & 0xff);
                float d2 = d * (int) ((scales >>> (16 * c + 8)) & 0xff);
                float m2 = dmin * (int) ((mins >>> (16 * c + 8)) & 0xff);
                IntVector lowLower = lowerLevels.mul(d1).sub(m1).reinterpretAsInts();
                IntVector lowUpper = upperLevels.mul(d1).sub(m1).reinterpretAsInts();
                IntVector highLower = lowerLevels.mul(d2).sub(m2).reinterpretAsInts();
                IntVector highUpper = upperLevels.mul(d2).sub(m2).reinterpretAsInts();
                for (int part = 0; part < 32 / lanes; part++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(NIBBLES, src,
                            in + QS + 32L * c + lanes * part, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2I, I, 0);
                    q.selectFrom(lowLower, lowUpper).reinterpretAsFloats().intoArray(dst, y + 64 * c + lanes * part);
                    q.lanewise(VectorOperators.ASHR, 4).selectFrom(highLower, highUpper).reinterpretAsFloats()
                            .intoArray(dst, y + 64 * c + 32 + lanes * part);
                }
            }
        }
    }
}
