package dev.halftone.formats.quant.simd;

import dev.halftone.formats.numeric.Fp16;
import dev.halftone.formats.quant.KScales;
import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.tensor.WeightTensor;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Fast row·vector products for {@link WeightTensor}s, the Vector API path beside {@link WeightTensor#dot}: Q8_0 and
 * Q4_K decode in registers and accumulate with lanewise fused multiply-add in 8 fp32 lanes; other formats decode a
 * row with their codec first. The sum is reassociated (8 partial sums, FMA), so it differs from the reference's
 * in-order sum by rounding only; tests bound the difference. Not thread-safe: one instance per thread.
 */
public final class VectorRowDot {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
    private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;

    private float[] rowScratch = new float[0];
    private final byte[] scales = new byte[KScales.BYTES];

    /** Σ_i w[row, i]·x[xOffset + i]. */
    public float dot(WeightTensor tensor, long row, float[] x, int xOffset) {
        Objects.checkIndex(row, tensor.rows());
        Objects.checkFromIndexSize(xOffset, tensor.columns(), x.length);
        long base = row * tensor.format().rowBytes(tensor.columns());
        return switch (tensor.format()) {
            case Q8_0 -> q8_0(tensor.data(), base, tensor.columns(), x, xOffset);
            case Q4_K -> q4_K(tensor.data(), base, tensor.columns(), x, xOffset);
            case F32, F16, BF16, Q5_K, Q6_K -> decoded(tensor, row, x, xOffset);
        };
    }

    private float decoded(WeightTensor tensor, long row, float[] x, int xOffset) {
        int n = tensor.columns();
        if (rowScratch.length < n) {
            rowScratch = new float[n];
        }
        RowCodecs.fastest(tensor.format()).dequantize(tensor.data(), row * tensor.format().rowBytes(n), rowScratch, 0, n);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) {
            acc = FloatVector.fromArray(F, rowScratch, i).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += rowScratch[i] * x[xOffset + i];
        }
        return sum;
    }

    private static float q8_0(MemorySegment data, long base, int n, float[] x, int xOffset) {
        FloatVector total = FloatVector.zero(F);
        for (int b = 0; b < n / 32; b++) {
            long in = base + 34L * b;
            FloatVector block = FloatVector.zero(F);
            for (int part = 0; part < 4; part++) {
                ByteVector q = ByteVector.fromMemorySegment(B8, data, in + 2 + 8L * part, ByteOrder.LITTLE_ENDIAN);
                FloatVector w = (FloatVector) q.convertShape(VectorOperators.B2F, F, 0);
                block = w.fma(FloatVector.fromArray(F, x, xOffset + 32 * b + 8 * part), block);
            }
            float d = Fp16.decode(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, in));
            total = block.fma(FloatVector.broadcast(F, d), total);
        }
        return total.reduceLanes(VectorOperators.ADD);
    }

    private float q4_K(MemorySegment data, long base, int n, float[] x, int xOffset) {
        FloatVector total = FloatVector.zero(F);
        for (int b = 0; b < n / 256; b++) {
            long in = base + 144L * b;
            float d = Fp16.decode(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, in));
            float dmin = Fp16.decode(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, in + 2));
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, in + 4, scales, 0, KScales.BYTES);
            int xb = xOffset + 256 * b;
            for (int c = 0; c < 4; c++) {
                ByteVector q = ByteVector.fromMemorySegment(B32, data, in + 16 + 32L * c, ByteOrder.LITTLE_ENDIAN);
                total = subBlock(q.and((byte) 0xf), d * KScales.scale(scales, 0, 2 * c),
                        dmin * KScales.min(scales, 0, 2 * c), x, xb + 64 * c, total);
                total = subBlock(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xf),
                        d * KScales.scale(scales, 0, 2 * c + 1), dmin * KScales.min(scales, 0, 2 * c + 1), x,
                        xb + 64 * c + 32, total);
            }
        }
        return total.reduceLanes(VectorOperators.ADD);
    }

    /** total + Σ (scale·q − min)·x over 32 values: scale·Σq·x − min·Σx, both sums in lanes. */
    private static FloatVector subBlock(ByteVector q, float scale, float min, float[] x, int offset, FloatVector total) {
        FloatVector qx = FloatVector.zero(F);
        FloatVector sx = FloatVector.zero(F);
        for (int part = 0; part < 4; part++) {
            FloatVector xv = FloatVector.fromArray(F, x, offset + 8 * part);
            qx = ((FloatVector) q.convertShape(VectorOperators.B2F, F, part)).fma(xv, qx);
            sx = sx.add(xv);
        }
        return qx.fma(FloatVector.broadcast(F, scale), sx.fma(FloatVector.broadcast(F, -min), total));
    }
}
