package dev.halftone.cuda;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp8E4M3;

/**
 * Scalar Java specification of the CUDA kernels ({@code halftone_cuda.h}), which the GPU checks compare against:
 * activation quantization and the W8A8 product and epilogue bit for bit, the weight-only GEMMs through float64
 * products of the dequantized weights. Q8_0 and Q4_K dequantize through kernels/formats' ggml reference codecs.
 */
public final class LinearReference {
    /** bitsandbytes' NF4 code book (QLoRA), the same 16 values as HT_NF4_CODES_INIT in blocks.h. */
    static final float[] NF4_CODES = {
            -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
            -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
            0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
            0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

    private LinearReference() {
    }

    /** Per-token int8 activations: values [m][k], scale [m], sums of each 32 values [m][k/32]. */
    public record QuantizedActivations(byte[] values, float[] scales, int[] blockSums) {
    }

    /**
     * {@code ht_quantize_activations}: v = x·smoothInverse; amax = max|v|; scale = amax/127; q = clamp(rint(v·(127/amax)),
     * ±127), all in float with round-to-nearest; a zero row gets scale 0 and q 0. {@code smoothInverse} may be null.
     */
    public static QuantizedActivations quantizeActivations(short[] xBf16, float[] smoothInverse, int m, int k) {
        byte[] q = new byte[m * k];
        float[] scales = new float[m];
        int[] sums = new int[m * (k / 32)];
        float[] v = new float[k];
        for (int i = 0; i < m; i++) {
            float amax = 0f;
            for (int kk = 0; kk < k; kk++) {
                v[kk] = Bf16.decode(xBf16[i * k + kk]) * (smoothInverse == null ? 1f : smoothInverse[kk]);
                amax = Math.max(amax, Math.abs(v[kk]));
            }
            scales[i] = amax / 127f;
            float inverse = 127f / amax;
            for (int kk = 0; kk < k; kk++) {
                // (int) of an infinite product saturates and of NaN (0 * inf) gives 0, as the GPU's conversion does
                int value = amax > 0f ? Math.clamp((int) Math.rint(v[kk] * inverse), -127, 127) : 0;
                q[i * k + kk] = (byte) value;
                sums[i * (k / 32) + kk / 32] += value;
            }
        }
        return new QuantizedActivations(q, scales, sums);
    }

    /** Exact int32 product c[i][j] = Σ a[i][kk]·w[j][kk] of int8 activations [m][k] and weights [n][k]. */
    public static int[] int8Product(byte[] a, byte[] w, int m, int n, int k) {
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int acc = 0;
                for (int kk = 0; kk < k; kk++) {
                    acc += a[i * k + kk] * w[j * k + kk];
                }
                c[i * n + j] = acc;
            }
        }
        return c;
    }

    /**
     * The fused epilogue ({@code ht_epilogue}) on int32 accumulators, as bf16 bits: y = acc·rowScale[i]·colScale[j]
     * + bias[j], then residual[i][j] + gate[j]·y; each argument but acc may be null (skipped; gate null means 1).
     * Float operations one at a time, round to nearest, so the W8A8 kernels match bit for bit.
     */
    public static short[] epilogue(int[] acc, float[] rowScale, float[] colScale, short[] bias, short[] residual,
                                   short[] gate, int m, int n) {
        short[] out = new short[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float y = acc[i * n + j];
                if (rowScale != null) {
                    y = y * rowScale[i];
                }
                if (colScale != null) {
                    y = y * colScale[j];
                }
                if (bias != null) {
                    y = y + Bf16.decode(bias[j]);
                }
                if (residual != null) {
                    float g = gate == null ? 1f : Bf16.decode(gate[j]);
                    y = Bf16.decode(residual[i * n + j]) + g * y;
                }
                out[i * n + j] = Bf16.encode(y);
            }
        }
        return out;
    }

    /** float64 product out[i][j] = Σ x[i][kk]·w[j][kk] (+ bias[j] when not null). */
    public static double[] product(float[] x, float[] w, float[] bias, int m, int n, int k) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = bias == null ? 0 : bias[j];
                for (int kk = 0; kk < k; kk++) {
                    acc += (double) x[i * k + kk] * w[j * k + kk];
                }
                out[i * n + j] = acc;
            }
        }
        return out;
    }

    /** NF4 weights [n][k]: code of each nibble (high nibble first) times its 64-block's absmax. */
    public static float[] dequantizeNf4(byte[] packed, float[] absmax, int n, int k) {
        float[] w = new float[n * k];
        for (int idx = 0; idx < n * k; idx += 2) {
            int b = packed[idx / 2] & 0xff;
            float scale = absmax[idx / 64];
            w[idx] = NF4_CODES[b >>> 4] * scale;
            w[idx + 1] = NF4_CODES[b & 0xf] * scale;
        }
        return w;
    }

    /** FP8 E4M3 weights [n][k] times their channel's scale, in float. */
    public static float[] dequantizeFp8(byte[] e4m3, float[] channelScale, int n, int k) {
        float[] w = new float[n * k];
        for (int j = 0; j < n; j++) {
            for (int kk = 0; kk < k; kk++) {
                w[j * k + kk] = Fp8E4M3.decode(e4m3[j * k + kk]) * channelScale[j];
            }
        }
        return w;
    }

    /** Rounds each value to bf16 and back (what the kernels do to bf16 operands). */
    public static float[] roundToBf16(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Bf16.decode(Bf16.encode(values[i]));
        }
        return out;
    }
}
