package dev.halftone.formats.quant.simd;

import dev.halftone.formats.numeric.Fp16;
import dev.halftone.formats.quant.RowCodec;
import dev.halftone.formats.quant.WeightFormat;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Q8_0 with the Vector API, producing exactly the bytes and floats of {@link dev.halftone.formats.quant.Q8_0Reference}:
 * the abs-max is order-independent, x·id is the same lanewise float multiply, and roundf (half away from zero) is
 * truncation plus one where the exact remainder |x − trunc(x)| is at least one half.
 */
public final class Q8_0Vector implements RowCodec {
    public static final Q8_0Vector INSTANCE = new Q8_0Vector();

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 34;
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Q8_0Vector() {
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
            FloatVector v0 = FloatVector.fromArray(F, src, x);
            FloatVector v1 = FloatVector.fromArray(F, src, x + 8);
            FloatVector v2 = FloatVector.fromArray(F, src, x + 16);
            FloatVector v3 = FloatVector.fromArray(F, src, x + 24);
            float amax = v0.abs().max(v1.abs()).max(v2.abs().max(v3.abs())).reduceLanes(VectorOperators.MAX);
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            dst.set(HALF, out, Fp16.encode(d));
            store(v0.mul(id), dst, out + 2);
            store(v1.mul(id), dst, out + 10);
            store(v2.mul(id), dst, out + 18);
            store(v3.mul(id), dst, out + 26);
        }
    }

    /** roundf of each lane (|y| ≤ 127.00002 here), narrowed to int8 and stored. */
    private static void store(FloatVector y, MemorySegment dst, long offset) {
        IntVector truncated = (IntVector) y.convert(VectorOperators.F2I, 0);
        FloatVector remainder = y.sub((FloatVector) truncated.convert(VectorOperators.I2F, 0)); // exact
        VectorMask<Integer> up = remainder.compare(VectorOperators.GE, 0.5f).cast(I);
        VectorMask<Integer> down = remainder.compare(VectorOperators.LE, -0.5f).cast(I);
        IntVector rounded = truncated.add(1, up).sub(1, down);
        ((ByteVector) rounded.convertShape(VectorOperators.I2B, B, 0))
                .intoMemorySegment(dst, offset, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = WeightFormat.Q8_0.rowBytes(n) / BLOCK_BYTES;
        for (int b = 0; b < blocks; b++) {
            long in = srcOffset + (long) b * BLOCK_BYTES;
            float d = Fp16.decode(src.get(HALF, in));
            int y = dstOffset + b * BLOCK;
            for (int part = 0; part < 4; part++) {
                ByteVector q = ByteVector.fromMemorySegment(B, src, in + 2 + 8L * part, ByteOrder.LITTLE_ENDIAN);
                ((FloatVector) q.convertShape(VectorOperators.B2F, F, 0)).mul(d).intoArray(dst, y + 8 * part);
            }
        }
    }
}
