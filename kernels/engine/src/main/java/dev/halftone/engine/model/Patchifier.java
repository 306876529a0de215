package dev.halftone.engine.model;

/**
 * Between images (3, H, W) and patch tokens (N, 3p²): tokens in row-major patch order, a patch vector ordered
 * (py, px, ch) (docs/model.md §3).
 */
final class Patchifier {

    private final int channels;
    private final int height;
    private final int width;
    private final int p;
    private final int cols;

    Patchifier(DiTConfig config) {
        this.channels = config.channels();
        this.height = config.imageHeight();
        this.width = config.imageWidth();
        this.p = config.patchSize();
        this.cols = config.patchCols();
    }

    /** image (C, H, W) -> tokens (N, C·p²). */
    void patchify(float[] image, float[] tokens) {
        forEachPixel((imageAt, tokenAt) -> tokens[tokenAt] = image[imageAt]);
    }

    /** tokens (N, C·p²) -> image (C, H, W). */
    void unpatchify(float[] tokens, float[] image) {
        forEachPixel((imageAt, tokenAt) -> image[imageAt] = tokens[tokenAt]);
    }

    private void forEachPixel(PixelPair pair) {
        int patchDim = channels * p * p;
        for (int ch = 0; ch < channels; ch++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int token = (y / p) * cols + x / p;
                    int inPatch = ((y % p) * p + x % p) * channels + ch;
                    pair.visit((ch * height + y) * width + x, token * patchDim + inPatch);
                }
            }
        }
    }

    private interface PixelPair {
        void visit(int imageAt, int tokenAt);
    }
}
