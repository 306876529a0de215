package dev.halftone.engine.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise and row kernels with the Vector API: exp, SiLU-gating and softmax. exp is Halftone's own (Cody-Waite
 * range reduction, degree-7 Taylor polynomial, ≤ 2 ulp on [-87, 88], 0 below) built from IEEE add/mul/fma only, so
 * the vector body, the scalar tail and an interpreted run give the same bits; the JDK's SVML-backed
 * {@code VectorOperators.EXP} would not (its fallback differs from the intrinsic), which would break determinism.
 */
public final class VectorMath {

    private static final VectorSpecies<Float> S = PreferredSpecies.FLOATS;
    private static final int L = S.length();
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2²³: adding and subtracting it rounds a float to the nearest integer (ties to even). */
    private static final float ROUNDER = 12582912f;
    private static final float EXP_MIN = -87.0f;
    private static final float EXP_MAX = 88.0f;
    private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    private VectorMath() {
    }

    /** e^x in float32 as specified above; scalar form of the vector lanes. */
    public static float exp(float x) {
        if (x < EXP_MIN) {
            return 0f;
        }
        x = Math.min(x, EXP_MAX);
        float n = (x * LOG2E + ROUNDER) - ROUNDER;
        float r = Math.fma(-n, LN2_LO, Math.fma(-n, LN2_HI, x));
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    private static FloatVector exp(FloatVector x) {
        var tooSmall = x.compare(VectorOperators.LT, EXP_MIN);
        x = x.min(EXP_MAX);
        FloatVector n = x.mul(LOG2E).add(ROUNDER).sub(ROUNDER);
        FloatVector negN = n.neg();
        FloatVector r = negN.fma(FloatVector.broadcast(S, LN2_LO), negN.fma(FloatVector.broadcast(S, LN2_HI), x));
        FloatVector p = r.fma(C7, C6);
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector scale = bits.reinterpretAsFloats();
        return p.mul(scale).blend(0f, tooSmall);
    }

    /** silu(x) = x / (1 + e^-x), scalar form. */
    public static float silu(float x) {
        return x / (1f + exp(-x));
    }

    /** x[i] = silu(x[i]) for i in [offset, offset + length). */
    public static void siluInPlace(float[] x, int offset, int length) {
        int i = 0;
        for (; i + L <= length; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, offset + i);
            v.div(exp(v.neg()).add(1f)).intoArray(x, offset + i);
        }
        for (; i < length; i++) {
            x[offset + i] = silu(x[offset + i]);
        }
    }

    /** a[i] = silu(a[i])·b[i] for i in [offset, offset + length): SwiGLU's gate. */
    public static void siluGateRow(float[] a, float[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + L <= end; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            v.div(exp(v.neg()).add(1f)).mul(FloatVector.fromArray(S, b, i)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = silu(a[i]) * b[i];
        }
    }

    /**
     * Row softmax of {@code scale·s} in place over s[offset, offset + length): max, e^(scale·s − max), divide by the sum.
     * The sum's order (lane partial sums, then lanes in order, then the tail) is fixed for a given length.
     */
    public static void softmaxInPlace(float[] s, int offset, int length, float scale) {
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= length; i += L) {
            FloatVector v = FloatVector.fromArray(S, s, offset + i).mul(scale);
            v.intoArray(s, offset + i);
            maxV = maxV.max(v);
        }
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; i < length; i++) {
            s[offset + i] *= scale;
            max = Math.max(max, s[offset + i]);
        }
        FloatVector sumV = FloatVector.zero(S);
        i = 0;
        for (; i + L <= length; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, s, offset + i).sub(max));
            e.intoArray(s, offset + i);
            sumV = sumV.add(e);
        }
        float sum = 0f;
        for (int lane = 0; lane < L; lane++) {
            sum += sumV.lane(lane);
        }
        for (; i < length; i++) {
            float e = exp(s[offset + i] - max);
            s[offset + i] = e;
            sum += e;
        }
        i = 0;
        for (; i + L <= length; i += L) {
            FloatVector.fromArray(S, s, offset + i).div(sum).intoArray(s, offset + i);
        }
        for (; i < length; i++) {
            s[offset + i] /= sum;
        }
    }
}
