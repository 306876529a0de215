package dev.halftone.evaluation.report;

/** The per-image metrics a study records, with how tables print them and which direction is better. */
public enum Metric {
    PICK("Pick", "pick", true, 2),
    CLIP("CLIP", "clip", true, 2),
    OCR_NED("OCR NED", "ocrNed", false, 3),
    /** 1 for an exact match of the normalized reading, 0 otherwise; its mean is the exact-match rate. */
    OCR_EXACT("OCR exact match", "ocrExactMatch", true, 3),
    PSNR("PSNR", "psnr", true, 2),
    SSIM("SSIM", "ssim", true, 3),
    LPIPS("LPIPS", "lpips", false, 3);

    private final String label;
    private final String key;
    private final boolean higherIsBetter;
    private final int decimals;

    Metric(String label, String key, boolean higherIsBetter, int decimals) {
        this.label = label;
        this.key = key;
        this.higherIsBetter = higherIsBetter;
        this.decimals = decimals;
    }

    public String label() {
        return label;
    }

    /** The name used in events and files (ImageScored's metric map, CSV headers). */
    public String key() {
        return key;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public int decimals() {
        return decimals;
    }

    public static Metric fromKey(String key) {
        for (Metric metric : values()) {
            if (metric.key.equals(key)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'");
    }
}
