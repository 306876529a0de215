package dev.halftone.engine.profile;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Count, mean, central moment sums M2..M4 and max|x| of a stream of values, merged chunk by chunk with the
 * pairwise update of Pébay (Sandia report SAND2008-6212, eq. 3.1) in float64, so no value is stored.
 * A chunk's own moments are computed in two passes (mean, then centred powers), which keeps M4 accurate when
 * |mean| ≫ std.
 */
public final class StreamingMoments {

    private static final int LANES = 8;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;

    private long n;
    private double mean;
    private double m2;
    private double m3;
    private double m4;
    private double maxAbs;

    /**
     * Adds x[offset, offset + count) as one chunk. Both passes accumulate in float64 over {@link #LANES} fixed lanes,
     * two vectors of four doubles so that consecutive adds do not wait on each other (value i goes to lane
     * (i - offset) mod 8 while a whole group of eight remains); the lanes are summed in lane order 0, 1, .. 7, never
     * with {@code reduceLanes}, whose order is unspecified, and then the tail values are added one by one in index
     * order. The lane count is fixed rather than the machine's preferred width, so every machine rounds the same way.
     * The vectors never leave this method (lanes go out through an array): a vector passed to a call that C2 does
     * not inline is boxed, and a boxed loop accumulator is allocated on every iteration (VectorF32Matmul says more).
     */
    public void add(float[] x, int offset, int count) {
        if (count == 0) {
            return;
        }
        int end = offset + count;
        int vectorEnd = offset + (count & -LANES);
        DoubleVector sumLow = DoubleVector.zero(DOUBLES);
        DoubleVector sumHigh = DoubleVector.zero(DOUBLES);
        FloatVector maxV = FloatVector.zero(FLOATS);
        double[] lanes = new double[LANES];
        for (int i = offset; i < vectorEnd; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            maxV = maxV.max(v.abs());
            sumLow = sumLow.add(v.convertShape(VectorOperators.F2D, DOUBLES, 0));
            sumHigh = sumHigh.add(v.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        sumLow.intoArray(lanes, 0);
        sumHigh.intoArray(lanes, LANES / 2);
        double sum = inLaneOrder(lanes);
        float chunkMax = maxV.reduceLanes(VectorOperators.MAX);  // max is exact in any order
        for (int i = vectorEnd; i < end; i++) {
            sum += x[i];
            chunkMax = Math.max(chunkMax, Math.abs(x[i]));
        }
        double chunkMean = sum / count;
        DoubleVector meanV = DoubleVector.broadcast(DOUBLES, chunkMean);
        DoubleVector c2Low = DoubleVector.zero(DOUBLES), c2High = c2Low;
        DoubleVector c3Low = c2Low, c3High = c2Low;
        DoubleVector c4Low = c2Low, c4High = c2Low;
        for (int i = offset; i < vectorEnd; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            DoubleVector d = ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0)).sub(meanV);
            DoubleVector d2 = d.mul(d);
            c2Low = c2Low.add(d2);
            c3Low = c3Low.add(d2.mul(d));
            c4Low = c4Low.add(d2.mul(d2));
            d = ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1)).sub(meanV);
            d2 = d.mul(d);
            c2High = c2High.add(d2);
            c3High = c3High.add(d2.mul(d));
            c4High = c4High.add(d2.mul(d2));
        }
        c2Low.intoArray(lanes, 0);
        c2High.intoArray(lanes, LANES / 2);
        double c2 = inLaneOrder(lanes);
        c3Low.intoArray(lanes, 0);
        c3High.intoArray(lanes, LANES / 2);
        double c3 = inLaneOrder(lanes);
        c4Low.intoArray(lanes, 0);
        c4High.intoArray(lanes, LANES / 2);
        double c4 = inLaneOrder(lanes);
        for (int i = vectorEnd; i < end; i++) {
            double d = x[i] - chunkMean;
            double d2 = d * d;
            c2 += d2;
            c3 += d2 * d;
            c4 += d2 * d2;
        }
        merge(count, chunkMean, c2, c3, c4, chunkMax);
    }

    /** Forgets everything added, for reuse as a per-task partial. */
    public void clear() {
        n = 0;
        mean = 0;
        m2 = 0;
        m3 = 0;
        m4 = 0;
        maxAbs = 0;
    }

    /** The lanes 0, 1, .. 7 of a chunk (low vector's four, then high's), added left to right. */
    private static double inLaneOrder(double[] lanes) {
        double sum = 0;
        for (double lane : lanes) {
            sum += lane;
        }
        return sum;
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
