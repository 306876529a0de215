package dev.halftone.evaluation.metrics;

/**
 * Pixel fidelity of a variant's image to the reference variant's image at the same prompt and seed: PSNR and SSIM
 * (paper §4, "Reference fidelity"); LPIPS needs a model and lives in {@link LpipsModel}.
 */
public final class ReferenceFidelity {

    /** 8-bit samples: the peak signal is 255. */
    public static final double DATA_RANGE = 255.0;

    private ReferenceFidelity() {
    }

    /**
     * Peak signal-to-noise ratio in dB: 10 log10(255^2 / MSE), the MSE taken over every sample of all three
     * channels (scikit-image's {@code peak_signal_noise_ratio(a, b, data_range=255)}). Identical images give
     * {@link Double#POSITIVE_INFINITY}, as there.
     */
    public static double psnr(RgbImage reference, RgbImage image) {
        reference.requireSameSize(image);
        double sum = 0;
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            double[] a = reference.planes()[c];
            double[] b = image.planes()[c];
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                sum += d * d;
            }
        }
        double mse = sum / ((double) RgbImage.CHANNELS * reference.width() * reference.height());
        return 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse);
    }

    /** Wang 2004 SSIM, the mean of the three channel SSIMs; see {@link StructuralSimilarity}. */
    public static double ssim(RgbImage reference, RgbImage image) {
        return StructuralSimilarity.ssim(reference, image);
    }
}
