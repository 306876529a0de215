package dev.halftone.formats.quant.simd;

import dev.halftone.formats.quant.KScales;
import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.WeightFormat;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q4_K with the Vector API, bit-identical to {@link dev.halftone.formats.quant.Q4_KReference}: the scale search runs
 * the eight sub-blocks in eight lanes ({@link KSubBlockFitVector}); decoding splits 32 nibble bytes at once and does
 * the reference's (d·sc)·q − dmin·m per lane, 16 lanes wide where the machine has 512-bit vectors. Not thread-safe (per-instance scratch): use one per thread.
 */
public final class Q4_KVector implements RowCodec {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() >= 16
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_256;
    private static final int BLOCK = 256;
    private static final int BLOCK_BYTES = 144;
    private static final int QS = 16;

    private final KSubBlockFitVector fit = new KSubBlockFitVector();
    private final byte[] block = new byte[BLOCK_BYTES];
    private final byte[] scales = new byte[KScales.BYTES];
    private final float[] subScale = new float[8];
    private final float[] subMin = new float[8];

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

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q4_K.rowBytes(n) / BLOCK_BYTES;
        int lanes = F.length();
        for (int b = 0; b < blocks; b++) {
            long in = srcOffset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(src.get(ValueLayout.JAVA_SHORT_UNALIGNED, in));
            float dmin = Float.float16ToFloat(src.get(ValueLayout.JAVA_SHORT_UNALIGNED, in + 2));
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, in + 4, scales, 0, KScales.BYTES);
            for (int j = 0; j < 8; j++) {
                subScale[j] = d * KScales.scale(scales, 0, j);
                subMin[j] = dmin * KScales.min(scales, 0, j);
            }
            int y = dstOffset + b * BLOCK;
            for (int c = 0; c < 4; c++) {
                ByteVector q = ByteVector.fromMemorySegment(B, src, in + QS + 32L * c, ByteOrder.LITTLE_ENDIAN);
                ByteVector low = q.and((byte) 0xf);
                ByteVector high = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xf);
                // (d·sc)·q − dmin·m per value: the reference's two roundings, lanewise
                for (int part = 0; part < 32 / lanes; part++) {
                    ((FloatVector) low.convertShape(VectorOperators.B2F, F, part)).mul(subScale[2 * c])
                            .sub(subMin[2 * c]).intoArray(dst, y + 64 * c + lanes * part);
                }
                for (int part = 0; part < 32 / lanes; part++) {
                    ((FloatVector) high.convertShape(VectorOperators.B2F, F, part)).mul(subScale[2 * c + 1])
                            .sub(subMin[2 * c + 1]).intoArray(dst, y + 64 * c + 32 + lanes * part);
                }
            }
        }
    }
}
