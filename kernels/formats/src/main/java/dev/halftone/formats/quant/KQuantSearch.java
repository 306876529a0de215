package dev.halftone.formats.quant;

/**
 * The scale searches behind ggml's K-quant reference quantizers, ported from {@code make_qkx2_quants} and
 * {@code make_qx_quants} (src/ggml-quants.c). Every expression keeps C's operand order and float (binary32,
 * round-to-nearest-even, never fused) arithmetic, which is what makes the results byte-identical to x86-64 ggml.
 */
final class KQuantSearch {
    /** ggml's {@code GROUP_MAX_EPS}: below this a group counts as all zero. */
    static final float GROUP_MAX_EPS = 1e-15f;

    private KQuantSearch() {
    }

    /**
     * {@code make_qkx2_quants(n, nmax, x, weights, L, &the_min, Laux, rmin, rdelta, nstep, use_mad=false)}: fits
     * x ≈ scale·L + min with L in [0, nmax] and min ≤ 0 by weighted least squares over {@code nstep + 1} trial
     * inverse scales (nmax + rmin + rdelta·is)/(max − min). Writes L to {@code levels[levelsOffset..]}, stores
     * −min (≥ 0) in {@code minOut[minIndex]} and returns the scale.
     */
    static float makeQkx2Quants(int n, int nmax, float[] x, int xOffset, float[] weights, byte[] levels,
            int levelsOffset, float[] minOut, int minIndex, byte[] scratch, float rmin, float rdelta, int nstep) {
        float min = x[xOffset];
        float max = x[xOffset];
        float sumW = weights[0];
        float sumX = sumW * x[xOffset];
        for (int i = 1; i < n; i++) {
            float xi = x[xOffset + i];
            if (xi < min) {
                min = xi;
            }
            if (xi > max) {
                max = xi;
            }
            float w = weights[i];
            sumW += w;
            sumX += w * xi;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                levels[levelsOffset + i] = 0;
            }
            minOut[minIndex] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = GgmlRounding.nearestInt(iscale * (x[xOffset + i] - min));
            l = Math.max(0, Math.min(nmax, l));
            levels[levelsOffset + i] = (byte) l;
            float diff = scale * l + min - x[xOffset + i];
            diff = diff * diff;
            bestError += weights[i] * diff;
        }
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                float xi = x[xOffset + i];
                int l = GgmlRounding.nearestInt(iscale * (xi - min));
                l = Math.max(0, Math.min(nmax, l));
                scratch[i] = (byte) l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * xi;
            }
            float determinant = sumW * sumL2 - sumL * sumL;
            if (determinant > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / determinant;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / determinant;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * (scratch[i] & 0xff) + thisMin - x[xOffset + i];
                    diff = diff * diff;
                    error += weights[i] * diff;
                }
                if (error < bestError) {
                    System.arraycopy(scratch, 0, levels, levelsOffset, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        minOut[minIndex] = -min;
        return scale;
    }

    /**
     * {@code make_qx_quants(n, nmax, x, L, rmse_type=1, qw=NULL)}: symmetric fit x ≈ scale·(L − nmax) with
     * L − nmax in [−nmax, nmax − 1], weights x², trying inverse scales −(nmax + 0.1·is)/max for is = −9..9.
     * Writes L (0..2·nmax−1) to {@code levels[levelsOffset..]} and returns the (signed) scale.
     */
    static float makeQxQuants(int n, int nmax, float[] x, int xOffset, byte[] levels, int levelsOffset) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xOffset + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOffset + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                levels[levelsOffset + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xOffset + i];
            int l = GgmlRounding.nearestInt(iscale * xi);
            l = Math.max(-nmax, Math.min(nmax - 1, l));
            levels[levelsOffset + i] = (byte) (l + nmax);
            float w = xi * xi;
            sumLX += w * xi * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f;
        float best = scale * sumLX;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float xi = x[xOffset + i];
                int l = GgmlRounding.nearestInt(iscale * xi);
                l = Math.max(-nmax, Math.min(nmax - 1, l));
                float w = xi * xi;
                sumLX += w * xi * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    int l = GgmlRounding.nearestInt(iscale * x[xOffset + i]);
                    levels[levelsOffset + i] = (byte) (nmax + Math.max(-nmax, Math.min(nmax - 1, l)));
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
