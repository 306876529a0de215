package dev.halftone.engine.model;

/**
 * 2D RoPE for image tokens (docs/model.md §3.1): within a head, dims [0, hd/2) turn by the patch row and
 * [hd/2, hd) by the patch column, pair (2j, 2j+1) of each half by {@code pos·theta^(-2j/(hd/2))}. Angles are
 * float64, cos/sin rounded to float32 once here.
 */
final class RotaryEmbedding2D {

    private final int headDim;
    /** (N, hd/2): per image token, cos of pair q's angle. */
    private final float[] cos;
    private final float[] sin;

    RotaryEmbedding2D(DiTConfig config) {
        this.headDim = config.headDim();
        int pairs = headDim / 2;
        int quarter = headDim / 4;
        int tokens = config.imageTokens();
        this.cos = new float[tokens * pairs];
        this.sin = new float[tokens * pairs];
        for (int n = 0; n < tokens; n++) {
            int row = n / config.patchCols();
            int col = n % config.patchCols();
            for (int j = 0; j < quarter; j++) {
                double inverseFrequency = StrictMath.pow(config.ropeTheta(), -2.0 * j / (headDim / 2));
                double rowAngle = row * inverseFrequency;
                double colAngle = col * inverseFrequency;
                cos[n * pairs + j] = (float) StrictMath.cos(rowAngle);
                sin[n * pairs + j] = (float) StrictMath.sin(rowAngle);
                cos[n * pairs + quarter + j] = (float) StrictMath.cos(colAngle);
                sin[n * pairs + quarter + j] = (float) StrictMath.sin(colAngle);
            }
        }
    }

    /** Rotates one head vector x[at, at + hd) of image token n in place: (x0·cos − x1·sin, x0·sin + x1·cos). */
    void rotate(float[] x, int at, int n) {
        int pairs = headDim / 2;
        for (int q = 0; q < pairs; q++) {
            float c = cos[n * pairs + q];
            float s = sin[n * pairs + q];
            float x0 = x[at + 2 * q];
            float x1 = x[at + 2 * q + 1];
            x[at + 2 * q] = x0 * c - x1 * s;
            x[at + 2 * q + 1] = x0 * s + x1 * c;
        }
    }
}
