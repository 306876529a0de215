package dev.halftone.formats.quant.simd;

import dev.halftone.formats.numeric.Fp16;
import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.WeightFormat;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q8_0 with the Vector API, producing exactly the bytes and floats of {@link dev.halftone.formats.quant.Q8_0Reference}:
 * the abs-max is order-independent, x·id is the same lanewise float multiply, and roundf (half away from zero) is
 * truncation plus one where the exact remainder |x − trunc(x)| is at least one half. Holds scratch: one per thread.
 */
public final class Q8_0Vector implements RowCodec {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    /** Decoding: one 32-byte load per block, widened to the machine's preferred float width (8 or 16 lanes). */
    private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED.length() >= 16
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES_32 = ByteVector.SPECIES_256;
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 34;
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final int[] levels = new int[BLOCK];
    private final byte[] block = new byte[BLOCK_BYTES];

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
            FloatVector v0 = FloatVector.fromArray(F, src, x);
            FloatVector v1 = FloatVector.fromArray(F, src, x + 8);
            FloatVector v2 = FloatVector.fromArray(F, src, x + 16);
            FloatVector v3 = FloatVector.fromArray(F, src, x + 24);
            float amax = v0.abs().max(v1.abs()).max(v2.abs().max(v3.abs())).reduceLanes(VectorOperators.MAX);
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            short half = Fp16.encode(d);
            block[0] = (byte) half;
            block[1] = (byte) (half >> 8);
            round(v0.mul(id), 0);
            round(v1.mul(id), 8);
            round(v2.mul(id), 16);
            round(v3.mul(id), 24);
            for (int j = 0; j < BLOCK; j++) {
                block[2 + j] = (byte) levels[j];
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, out, BLOCK_BYTES);
        }
    }

    /**
     * roundf of each lane into {@code levels[offset..offset+8)}: with t = trunc(y) and the exact remainder
     * r = y − t ∈ (−1, 1), trunc(2r) is +1, 0 or −1 exactly when r ≥ ½, |r| < ½ or r ≤ −½: half away from zero.
     */
    private void round(FloatVector y, int offset) {
        IntVector truncated = (IntVector) y.convert(VectorOperators.F2I, 0);
        FloatVector remainder = y.sub((FloatVector) truncated.convert(VectorOperators.I2F, 0));
        IntVector carry = (IntVector) remainder.mul(2f).convert(VectorOperators.F2I, 0);
        truncated.add(carry).intoArray(levels, offset);
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q8_0.rowBytes(n) / BLOCK_BYTES;
        int lanes = WIDE.length();
        for (int b = 0; b < blocks; b++) {
            long in = srcOffset + (long) b * BLOCK_BYTES;
            // Float.float16ToFloat is the JDK's exact binary16 widening (an intrinsic), same bits as Fp16.decode
            float d = Float.float16ToFloat(src.get(HALF, in));
            ByteVector q = ByteVector.fromMemorySegment(BYTES_32, src, in + 2, ByteOrder.LITTLE_ENDIAN);
            int y = dstOffset + b * BLOCK;
            for (int part = 0; part < BLOCK / lanes; part++) {
                ((FloatVector) q.convertShape(VectorOperators.B2F, WIDE, part)).mul(d).intoArray(dst, y + lanes * part);
            }
        }
    }
}
