package dev.halftone.engine.sampler;

/**
 * Standard normal float32 noise from Philox4x32-10 and Box-Muller, exactly as docs/model.md §4.1 defines it:
 * element e depends only on (seed, e), so any slice can be drawn independently and the GPU path draws the same values.
 * Transcendentals use {@link StrictMath} (fdlibm) so the bits do not depend on the JVM or the machine.
 */
public final class PhiloxNormal {

    private static final double TWO_TO_MINUS_32 = 0x1.0p-32;

    private PhiloxNormal() {
    }

    /** Writes elements [0, out.length) of the stream for {@code seed} (read as unsigned 64-bit) into out. */
    public static void fill(long seed, float[] out) {
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        int[] r = new int[4];
        int blocks = (out.length + 3) / 4;
        for (long b = 0; b < blocks; b++) {
            Philox4x32.block((int) b, (int) (b >>> 32), 0, 0, k0, k1, r);
            for (int pair = 0; pair < 2; pair++) {
                double u1 = (Integer.toUnsignedLong(r[2 * pair]) + 1.0) * TWO_TO_MINUS_32;
                double u2 = Integer.toUnsignedLong(r[2 * pair + 1]) * TWO_TO_MINUS_32;
                double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
                double theta = 2.0 * Math.PI * u2;
                int e = (int) (4 * b + 2 * pair);
                if (e < out.length) {
                    out[e] = (float) (radius * StrictMath.cos(theta));
                }
                if (e + 1 < out.length) {
                    out[e + 1] = (float) (radius * StrictMath.sin(theta));
                }
            }
        }
    }
}
