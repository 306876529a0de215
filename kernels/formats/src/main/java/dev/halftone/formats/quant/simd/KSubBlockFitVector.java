package dev.halftone.formats.quant.simd;

import dev.halftone.formats.numeric.Fp16;
import dev.halftone.formats.quant.KScales;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Q4_K/Q5_K super-block fit of ggml's reference quantizers ({@code make_qkx2_quants} on 8 sub-blocks, 6-bit
 * scales, fp16 super-scales, re-quantization), vectorized <i>across</i> the eight 32-value sub-blocks: lane j runs
 * sub-block j. Each lane performs the reference's float operations in the reference's order (sums stay sequential
 * within a lane, comparisons replace min/max to keep C's signed-zero behaviour), so the result is bit-identical to
 * {@code KSubBlockFit}. Holds one super-block's scratch; not thread-safe.
 */
final class KSubBlockFitVector {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256; // 8 lanes = 8 sub-blocks
    private static final float MAGIC = 12582912f; // nearest_int's 1.5·2^23

    final byte[] levels = new byte[256];
    final byte[] packedScales = new byte[KScales.BYTES];
    short d;
    short dmin;

    // transposed: element i of sub-block j at [8i + j]
    private final float[] xt = new float[256];
    private final float[] wt = new float[256];
    // levels held as floats (small exact integers) so that blends use the float compare masks directly
    private final float[] best = new float[256];
    private final float[] trial = new float[256];
    private final int[] requantized = new int[8];
    private final float[] scales = new float[8];
    private final float[] mins = new float[8];
    private final int[] scales6 = new int[8];
    private final int[] mins6 = new int[8];

    void fit(float[] x, int offset, int nmax, float rmin, float rdelta, int nstep) {
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 32; i++) {
                xt[8 * i + j] = x[offset + 32 * j + i];
            }
        }
        FloatVector sumX2 = FloatVector.zero(F);
        for (int i = 0; i < 32; i++) {
            FloatVector xi = FloatVector.fromArray(F, xt, 8 * i);
            sumX2 = sumX2.add(xi.mul(xi));
        }
        FloatVector avX = sumX2.div(32f).lanewise(VectorOperators.SQRT);
        for (int i = 0; i < 32; i++) {
            avX.add(FloatVector.fromArray(F, xt, 8 * i).abs()).intoArray(wt, 8 * i);
        }
        FloatVector x0 = FloatVector.fromArray(F, xt, 0);
        FloatVector min = x0;
        FloatVector max = x0;
        FloatVector sumW = FloatVector.fromArray(F, wt, 0);
        FloatVector sumX = sumW.mul(x0);
        for (int i = 1; i < 32; i++) {
            FloatVector xi = FloatVector.fromArray(F, xt, 8 * i);
            min = min.blend(xi, xi.lt(min));
            max = max.blend(xi, xi.compare(VectorOperators.GT, max));
            FloatVector w = FloatVector.fromArray(F, wt, 8 * i);
            sumW = sumW.add(w);
            sumX = sumX.add(w.mul(xi));
        }
        min = min.blend(0f, min.compare(VectorOperators.GT, 0f));
        VectorMask<Float> flat = max.eq(min);
        FloatVector iscale = FloatVector.broadcast(F, (float) nmax).div(max.sub(min));
        FloatVector scale = FloatVector.broadcast(F, 1f).div(iscale);
        FloatVector bestError = FloatVector.zero(F);
        for (int i = 0; i < 32; i++) {
            FloatVector xi = FloatVector.fromArray(F, xt, 8 * i);
            FloatVector l = (FloatVector) clampedNearest(iscale.mul(xi.sub(min)), nmax).convert(VectorOperators.I2F, 0);
            l.intoArray(best, 8 * i);
            FloatVector diff = scale.mul(l).add(min).sub(xi);
            diff = diff.mul(diff);
            bestError = bestError.add(FloatVector.fromArray(F, wt, 8 * i).mul(diff));
        }
        for (int is = 0; is <= nstep; is++) {
            // max − min again each trial: C's min moves to the best fit found so far
            iscale = FloatVector.broadcast(F, rmin + rdelta * is + nmax).div(max.sub(min));
            FloatVector sumL = FloatVector.zero(F);
            FloatVector sumL2 = FloatVector.zero(F);
            FloatVector sumXL = FloatVector.zero(F);
            for (int i = 0; i < 32; i++) {
                FloatVector xi = FloatVector.fromArray(F, xt, 8 * i);
                FloatVector lf = (FloatVector) clampedNearest(iscale.mul(xi.sub(min)), nmax)
                        .convert(VectorOperators.I2F, 0);
                lf.intoArray(trial, 8 * i);
                FloatVector wl = FloatVector.fromArray(F, wt, 8 * i).mul(lf);
                sumL = sumL.add(wl);
                sumL2 = sumL2.add(wl.mul(lf));
                sumXL = sumXL.add(wl.mul(xi));
            }
            FloatVector determinant = sumW.mul(sumL2).sub(sumL.mul(sumL));
            VectorMask<Float> solvable = determinant.compare(VectorOperators.GT, 0f);
            if (!solvable.anyTrue()) {
                continue;
            }
            FloatVector thisScale = sumW.mul(sumXL).sub(sumX.mul(sumL)).div(determinant);
            FloatVector thisMin = sumL2.mul(sumX).sub(sumL.mul(sumXL)).div(determinant);
            VectorMask<Float> positiveMin = thisMin.compare(VectorOperators.GT, 0f);
            thisMin = thisMin.blend(0f, positiveMin);
            thisScale = thisScale.blend(sumXL.div(sumL2), positiveMin);
            FloatVector error = FloatVector.zero(F);
            for (int i = 0; i < 32; i++) {
                FloatVector xi = FloatVector.fromArray(F, xt, 8 * i);
                FloatVector lf = FloatVector.fromArray(F, trial, 8 * i);
                FloatVector diff = thisScale.mul(lf).add(thisMin).sub(xi);
                diff = diff.mul(diff);
                error = error.add(FloatVector.fromArray(F, wt, 8 * i).mul(diff));
            }
            VectorMask<Float> better = solvable.and(error.lt(bestError)).andNot(flat);
            if (better.anyTrue()) {
                for (int i = 0; i < 32; i++) {
                    FloatVector.fromArray(F, best, 8 * i).blend(FloatVector.fromArray(F, trial, 8 * i), better)
                            .intoArray(best, 8 * i);
                }
                bestError = bestError.blend(error, better);
                scale = scale.blend(thisScale, better);
                min = min.blend(thisMin, better);
            }
        }
        // a flat sub-block returns early in C: levels 0, scale 0, min as clamped
        scale = scale.blend(0f, flat);
        scale.intoArray(scales, 0);
        min.neg().intoArray(mins, 0);
        for (int i = 0; i < 32; i++) {
            FloatVector.fromArray(F, best, 8 * i).blend(0f, flat).intoArray(best, 8 * i);
        }
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 32; i++) {
                levels[32 * j + i] = (byte) best[8 * i + j];
            }
        }
        int superScales = KScales.quantize(scales, mins, scales6, mins6, packedScales);
        d = (short) superScales;
        dmin = (short) (superScales >>> 16);
    }

    /** Re-quantizes against the stored d·sc and dmin·m, 8 values at a time along each sub-block. */
    void requantize(float[] x, int offset, int nmax) {
        float storedD = Fp16.decode(d);
        float storedDmin = Fp16.decode(dmin);
        for (int j = 0; j < 8; j++) {
            float dj = storedD * KScales.scale(packedScales, 0, j);
            if (dj == 0f) {
                continue;
            }
            float dm = storedDmin * KScales.min(packedScales, 0, j);
            for (int i = 0; i < 32; i += 8) {
                FloatVector xi = FloatVector.fromArray(F, x, offset + 32 * j + i);
                clampedNearest(xi.add(dm).div(dj), nmax).intoArray(requantized, 0);
                for (int k = 0; k < 8; k++) {
                    levels[32 * j + i + k] = (byte) requantized[k];
                }
            }
        }
    }

    void writeHeader(byte[] block) {
        block[0] = (byte) d;
        block[1] = (byte) (d >> 8);
        block[2] = (byte) dmin;
        block[3] = (byte) (dmin >> 8);
        System.arraycopy(packedScales, 0, block, 4, KScales.BYTES);
    }

    /** nearest_int by ggml's float-add trick, lanewise, then clamped to [0, nmax]. */
    private static IntVector clampedNearest(FloatVector v, int nmax) {
        IntVector bits = (IntVector) v.add(MAGIC).viewAsIntegralLanes();
        return bits.and(0x007f_ffff).sub(0x0040_0000).max(0).min(nmax);
    }
}
