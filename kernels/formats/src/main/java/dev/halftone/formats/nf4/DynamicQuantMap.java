package dev.halftone.formats.nf4;

import java.util.Arrays;

/**
 * bitsandbytes' signed 8-bit dynamic quantization map ({@code create_dynamic_map(signed=True, max_exponent_bits=7,
 * total_bits=8)}, functional.py), used for NF4's double quantization of the absmax values. For i = 0..6: 2^i + 1
 * boundaries {@code linspace(0.1, 1)} in fp32, their fp32 midpoints scaled by fp32(10^(i−6)), with both signs; plus
 * 0 and 1; sorted: 256 values. linspace follows PyTorch's scalar CPU formula (start + step·k for the first half,
 * end − step·(n−1−k) for the rest, step = (end − start)/(n − 1), all fp32). The map is stored beside the quantized
 * data ({@code nested_quant_map}), so decoding never depends on recomputing it.
 */
public final class DynamicQuantMap {
    private static final float[] CODES = build();
    private static final float[] BOUNDS = new float[255];

    static {
        for (int i = 0; i < 255; i++) {
            BOUNDS[i] = (CODES[i] + CODES[i + 1]) / 2;
        }
    }

    private DynamicQuantMap() {
    }

    /** The 256 sorted codes. */
    public static float[] codes() {
        return CODES.clone();
    }

    /** Index of the nearest code for a value scaled into [−1, 1], ties to the lower index (torch.bucketize). */
    public static int index(float scaled) {
        int lo = 0;
        int hi = BOUNDS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (BOUNDS[mid] < scaled) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static float code(int index) {
        return CODES[index];
    }

    private static float[] build() {
        float[] data = new float[256];
        int n = 0;
        for (int i = 0; i < 7; i++) {
            float[] boundaries = linspace(0.1f, 1f, (1 << i) + 1);
            float scale = (float) Math.pow(10, -6 + i);
            for (int k = 0; k + 1 < boundaries.length; k++) {
                data[n++] = scale * ((boundaries[k] + boundaries[k + 1]) / 2f);
            }
            for (int k = 0; k + 1 < boundaries.length; k++) {
                data[n++] = -scale * ((boundaries[k] + boundaries[k + 1]) / 2f);
            }
        }
        data[n++] = 0f;
        data[n++] = 1f;
        if (n != 256) {
            throw new AssertionError("dynamic map has " + n + " entries");
        }
        Arrays.sort(data);
        return data;
    }

    private static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        for (int k = 0; k < steps; k++) {
            out[k] = k < halfway ? start + step * k : end - step * (steps - 1 - k);
        }
        return out;
    }
}
