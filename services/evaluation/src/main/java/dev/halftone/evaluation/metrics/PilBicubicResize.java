package dev.halftone.evaluation.metrics;

/**
 * Pillow's {@code Image.resize(size, Image.BICUBIC)} on 8-bit RGB, to the byte (Pillow 9-11, libImaging/Resample.c),
 * so CLIP's preprocessing here gives the pixels Hugging Face's CLIPImageProcessor gives. The filter is Keys' cubic
 * with a = -0.5 and support 2, widened by the scale when shrinking (antialiasing). Each output sample's weights are
 * normalized to sum 1, then turned into integers with 22 fractional bits, rounded half away from zero. A pass
 * accumulates in int from a rounding bias of half a unit, shifts right by 22 and clips to 0..255. The horizontal pass
 * runs first and is stored as bytes, then the vertical pass reads them. Checked against Pillow 9.4 in
 * ClipPreprocessingTest.
 */
final class PilBicubicResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private PilBicubicResize() {
    }

    /**
     * @param rgb interleaved R, G, B bytes (0..255), row-major, {@code width * height * 3} of them
     * @return the resized image in the same layout
     */
    static int[] resize(int[] rgb, int width, int height, int newWidth, int newHeight) {
        int[] pixels = rgb;
        Coefficients vertical = Coefficients.of(height, newHeight);
        if (newWidth != width) {
            // only the rows the vertical pass reads, as Pillow does; the values are the same either way
            int first = vertical.start(0);
            int last = vertical.start(newHeight - 1) + vertical.count(newHeight - 1);
            pixels = horizontal(pixels, width, first, last - first, Coefficients.of(width, newWidth), newWidth);
            vertical = vertical.shifted(first);
        }
        if (newHeight != height) {
            pixels = vertical(pixels, newWidth, newHeight, vertical);
        }
        return pixels;
    }

    private static int[] horizontal(int[] in, int width, int firstRow, int rows, Coefficients k, int newWidth) {
        int[] out = new int[newWidth * rows * 3];
        for (int y = 0; y < rows; y++) {
            int row = (firstRow + y) * width * 3;
            for (int x = 0; x < newWidth; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.count(x); i++) {
                        sum += in[row + (k.start(x) + i) * 3 + c] * k.weight(x, i);
                    }
                    out[(y * newWidth + x) * 3 + c] = clip8(sum);
                }
            }
        }
        return out;
    }

    private static int[] vertical(int[] in, int width, int newHeight, Coefficients k) {
        int[] out = new int[width * newHeight * 3];
        for (int y = 0; y < newHeight; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.count(y); i++) {
                        sum += in[((k.start(y) + i) * width + x) * 3 + c] * k.weight(y, i);
                    }
                    out[(y * width + x) * 3 + c] = clip8(sum);
                }
            }
        }
        return out;
    }

    private static int clip8(int sum) {
        if (sum >= 1 << PRECISION_BITS << 8) {
            return 255;
        }
        return sum <= 0 ? 0 : sum >> PRECISION_BITS;
    }

    /** Keys' cubic convolution kernel, a = -0.5 (Pillow's bicubic_filter). */
    private static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** Per output sample: the first input sample, how many follow, and their fixed-point weights (precompute_coeffs). */
    private record Coefficients(int[] starts, int[] counts, int[] weights, int size) {

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            double inverseScale = 1.0 / filterScale; // multiplied, not divided, as Pillow does: the last bit matters
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] starts = new int[outSize];
            int[] counts = new int[outSize];
            int[] weights = new int[outSize * size];
            double[] w = new double[size];
            for (int out = 0; out < outSize; out++) {
                double center = (out + 0.5) * scale;
                int min = Math.max((int) (center - support + 0.5), 0);
                int count = Math.min((int) (center + support + 0.5), inSize) - min;
                double total = 0;
                for (int i = 0; i < count; i++) {
                    w[i] = cubic((i + min - center + 0.5) * inverseScale);
                    total += w[i];
                }
                for (int i = 0; i < count; i++) {
                    double normalized = total != 0.0 ? w[i] / total : w[i];
                    weights[out * size + i] = (int) (normalized < 0 ? -0.5 + normalized * (1 << PRECISION_BITS)
                            : 0.5 + normalized * (1 << PRECISION_BITS));
                }
                starts[out] = min;
                counts[out] = count;
            }
            return new Coefficients(starts, counts, weights, size);
        }

        int start(int out) {
            return starts[out];
        }

        int count(int out) {
            return counts[out];
        }

        int weight(int out, int i) {
            return weights[out * size + i];
        }

        /** The same weights over rows numbered from {@code first}. */
        Coefficients shifted(int first) {
            int[] moved = starts.clone();
            for (int i = 0; i < moved.length; i++) {
                moved[i] -= first;
            }
            return new Coefficients(moved, counts, weights, size);
        }
    }
}
