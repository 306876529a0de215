package dev.halftone.formats.int8;

/**
 * Symmetric int8 quantization of one vector (a weight row or a token's activations), as SmoothQuant's
 * {@code quantize_weight_per_channel_absmax} / {@code quantize_activation_per_token_absmax} (fake_quant.py) and
 * torchao's per-row int8 do it: scale = max(max|v|, 1e-5) / 127 (fp32 division, round to nearest even);
 * q = clamp(rint(v / scale), −127, 127) with fp32 division and rint = round half to even ({@code torch.round}).
 * −128 is never produced, so the range is symmetric.
 */
public final class Int8Symmetric {
    public static final float Q_MAX = 127f;
    /** SmoothQuant's clamp on the absmax, which keeps all-zero rows from dividing by zero. */
    public static final float MIN_ABSMAX = 1e-5f;

    private Int8Symmetric() {
    }

    /** Quantizes {@code v[offset..offset+n)} into {@code q[qOffset..]}; returns the scale. */
    public static float quantize(float[] v, int offset, int n, byte[] q, int qOffset) {
        float amax = 0f;
        for (int i = 0; i < n; i++) {
            amax = Math.max(amax, Math.abs(v[offset + i]));
        }
        if (!Float.isFinite(amax)) {
            throw new IllegalArgumentException("int8 quantization needs finite values; max |v| is " + amax);
        }
        float scale = Math.max(amax, MIN_ABSMAX) / Q_MAX;
        for (int i = 0; i < n; i++) {
            q[qOffset + i] = (byte) Math.clamp(Math.rint(v[offset + i] / scale), -Q_MAX, Q_MAX);
        }
        return scale;
    }
}
