package dev.halftone.evaluation.metrics;

/**
 * SSIM as Wang, Bovik, Sheikh and Simoncelli (2004): 11x11 Gaussian window with sigma 1.5, K1 = 0.01, K2 = 0.03,
 * population (not sample) covariances, L = 255.
 *
 * <p>Conventions, chosen to equal scikit-image's {@code structural_similarity(a, b, gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=255, channel_axis=-1)}: the SSIM map is averaged over the
 * pixels whose whole window lies inside the image (scikit-image crops (win - 1) / 2 = 5 pixels from each border
 * after filtering, so its border mode never reaches the mean), each colour channel is scored on its own, and the
 * image's SSIM is the plain mean of the three channel means (no luma conversion, no channel weights).
 */
public final class StructuralSimilarity {

    public static final double SIGMA = 1.5;
    /** scipy's gaussian_filter truncates at 3.5 sigma: radius int(3.5 * 1.5 + 0.5) = 5, so 11 taps. */
    public static final int RADIUS = 5;
    public static final int WINDOW = 2 * RADIUS + 1;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    public static final double DATA_RANGE = 255.0;

    private static final double C1 = (K1 * DATA_RANGE) * (K1 * DATA_RANGE);
    private static final double C2 = (K2 * DATA_RANGE) * (K2 * DATA_RANGE);
    private static final double[] KERNEL = gaussianKernel();

    private StructuralSimilarity() {
    }

    /** Mean SSIM over the three colour channels. */
    public static double ssim(RgbImage reference, RgbImage image) {
        double[] perChannel = perChannel(reference, image);
        return (perChannel[0] + perChannel[1] + perChannel[2]) / RgbImage.CHANNELS;
    }

    /** Mean SSIM of each colour channel, in R, G, B order. */
    public static double[] perChannel(RgbImage reference, RgbImage image) {
        reference.requireSameSize(image);
        if (reference.width() < WINDOW || reference.height() < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + " pixels, "
                    + reference.name() + " is " + reference.size());
        }
        double[] result = new double[RgbImage.CHANNELS];
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            result[c] = channelMean(reference.planes()[c], image.planes()[c], reference.width(), reference.height());
        }
        return result;
    }

    private static double channelMean(double[] x, double[] y, int width, int height) {
        int n = width * height;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        int validWidth = width - 2 * RADIUS;
        int validHeight = height - 2 * RADIUS;
        double[] ux = blurValid(x, width, height);
        double[] uy = blurValid(y, width, height);
        double[] uxx = blurValid(xx, width, height);
        double[] uyy = blurValid(yy, width, height);
        double[] uxy = blurValid(xy, width, height);
        double sum = 0;
        for (int i = 0; i < validWidth * validHeight; i++) {
            double vx = uxx[i] - ux[i] * ux[i];
            double vy = uyy[i] - uy[i] * uy[i];
            double vxy = uxy[i] - ux[i] * uy[i];
            sum += ((2 * ux[i] * uy[i] + C1) * (2 * vxy + C2))
                    / ((ux[i] * ux[i] + uy[i] * uy[i] + C1) * (vx + vy + C2));
        }
        return sum / (validWidth * validHeight);
    }

    /** Separable Gaussian filter evaluated only where the window fits: (H - 10) x (W - 10), row-major. */
    private static double[] blurValid(double[] plane, int width, int height) {
        int validWidth = width - 2 * RADIUS;
        double[] rows = new double[height * validWidth];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < validWidth; x++) {
                double acc = 0;
                for (int k = 0; k < WINDOW; k++) {
                    acc += KERNEL[k] * plane[y * width + x + k];
                }
                rows[y * validWidth + x] = acc;
            }
        }
        int validHeight = height - 2 * RADIUS;
        double[] result = new double[validHeight * validWidth];
        for (int y = 0; y < validHeight; y++) {
            for (int x = 0; x < validWidth; x++) {
                double acc = 0;
                for (int k = 0; k < WINDOW; k++) {
                    acc += KERNEL[k] * rows[(y + k) * validWidth + x];
                }
                result[y * validWidth + x] = acc;
            }
        }
        return result;
    }

    /** exp(-x^2 / (2 sigma^2)) for x in -5..5, normalised to sum 1 (as scipy's _gaussian_kernel1d). */
    private static double[] gaussianKernel() {
        double[] kernel = new double[WINDOW];
        double total = 0;
        for (int k = 0; k < WINDOW; k++) {
            int x = k - RADIUS;
            kernel[k] = Math.exp(-0.5 / (SIGMA * SIGMA) * x * x);
            total += kernel[k];
        }
        for (int k = 0; k < WINDOW; k++) {
            kernel[k] /= total;
        }
        return kernel;
    }
}
