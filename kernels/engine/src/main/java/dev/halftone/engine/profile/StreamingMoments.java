package dev.halftone.engine.profile;

/**
 * Count, mean, central moment sums M2..M4 and max|x| of a stream of values, merged chunk by chunk with the
 * pairwise update of Pébay (Sandia report SAND2008-6212, eq. 3.1) in float64, so no value is stored.
 * A chunk's own moments are computed in two passes (mean, then centred powers), which keeps M4 accurate when
 * |mean| ≫ std.
 */
public final class StreamingMoments {

    private long n;
    private double mean;
    private double m2;
    private double m3;
    private double m4;
    private double maxAbs;

    /** Adds x[offset, offset + count). */
    public void add(float[] x, int offset, int count) {
        if (count == 0) {
            return;
        }
        double sum = 0;
        double chunkMax = 0;
        for (int i = offset; i < offset + count; i++) {
            sum += x[i];
            chunkMax = Math.max(chunkMax, Math.abs(x[i]));
        }
        double chunkMean = sum / count;
        double c2 = 0, c3 = 0, c4 = 0;
        for (int i = offset; i < offset + count; i++) {
            double d = x[i] - chunkMean;
            double d2 = d * d;
            c2 += d2;
            c3 += d2 * d;
            c4 += d2 * d2;
        }
        merge(count, chunkMean, c2, c3, c4, chunkMax);
    }

    /** Merges another accumulator into this one. */
    public void add(StreamingMoments other) {
        merge(other.n, other.mean, other.m2, other.m3, other.m4, other.maxAbs);
    }

    private void merge(long nb, double meanB, double m2b, double m3b, double m4b, double maxB) {
        if (nb == 0) {
            return;
        }
        if (n == 0) {
            n = nb;
            mean = meanB;
            m2 = m2b;
            m3 = m3b;
            m4 = m4b;
            maxAbs = maxB;
            return;
        }
        double na = n;
        double nbD = nb;
        double total = na + nbD;
        double delta = meanB - mean;
        double d2 = delta * delta;
        double newM4 = m4 + m4b
                + d2 * d2 * na * nbD * (na * na - na * nbD + nbD * nbD) / (total * total * total)
                + 6 * d2 * (na * na * m2b + nbD * nbD * m2) / (total * total)
                + 4 * delta * (na * m3b - nbD * m3) / total;
        double newM3 = m3 + m3b
                + d2 * delta * na * nbD * (na - nbD) / (total * total)
                + 3 * delta * (na * m2b - nbD * m2) / total;
        double newM2 = m2 + m2b + d2 * na * nbD / total;
        mean += delta * nbD / total;
        m2 = newM2;
        m3 = newM3;
        m4 = newM4;
        n += nb;
        maxAbs = Math.max(maxAbs, maxB);
    }

    public long count() {
        return n;
    }

    public double mean() {
        return mean;
    }

    public double maxAbs() {
        return maxAbs;
    }

    /** Population standard deviation sqrt(M2 / n). */
    public double std() {
        return n == 0 ? 0 : Math.sqrt(m2 / n);
    }

    /** Pearson kurtosis n·M4 / M2² (3 for a normal distribution, not the excess); 0 when the values are constant. */
    public double kurtosis() {
        return m2 == 0 ? 0 : n * m4 / (m2 * m2);
    }
}
