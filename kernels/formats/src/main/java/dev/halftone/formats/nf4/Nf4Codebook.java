package dev.halftone.formats.nf4;

/**
 * bitsandbytes' NF4 code (functional.py {@code get_4bit_type("nf4")}, csrc/kernels.cu {@code nf4_dequantization_lut}):
 * 16 values normalized to [−1, 1], 7 negative, exact zero at index 7, 8 positive. A value x (already divided by its
 * block's absmax and clamped to [−1, 1]) gets the index of the nearest code with ties to the lower index: the
 * number of decision bounds strictly below x, bounds being the fp32 midpoints (code[i] + code[i+1]) / 2 (the default
 * backend's {@code torch.bucketize(scaled, bounds)}; the CUDA decision tree uses the same midpoints and {@code >}).
 */
public final class Nf4Codebook {
    /** The codes, as fp32 (bitsandbytes' literals). */
    public static final float[] CODES = {
            -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
            -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
            0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
            0.7229568362236023f, 1.0f};

    private static final float[] BOUNDS = new float[15];

    static {
        for (int i = 0; i < 15; i++) {
            BOUNDS[i] = (CODES[i] + CODES[i + 1]) / 2; // fp32 sum then exact halving, as torch computes it
        }
    }

    private Nf4Codebook() {
    }

    /** The code index for a scaled value in [−1, 1]: count of bounds strictly below it. */
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

    /** The decision bounds (fp32 midpoints), for tests and documentation. */
    public static float[] bounds() {
        return BOUNDS.clone();
    }
}
