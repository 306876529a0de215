package dev.halftone.engine.model;

/**
 * The DiT's shape and constants, the keys of {@code config.json} (docs/model.md §1).
 */
public record DiTConfig(
        String name,
        int imageHeight,
        int imageWidth,
        int channels,
        int patchSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int ffnHiddenSize,
        int textHiddenSize,
        int textMaxTokens,
        int timestepEmbeddingSize,
        double ropeTheta,
        double normEps,
        double defaultGuidance,
        double baseShift,
        double maxShift) {

    /** The default model: 64×128 RGB pixel space, patch 4, D 256, 6 layers, 4 heads, SwiGLU 768. */
    public static final DiTConfig HALFTONE_TINY = new DiTConfig("halftone-tiny", 64, 128, 3, 4, 256, 6, 4, 768,
            256, 48, 256, 10000.0, 1e-6, 4.0, 0.5, 1.15);

    public DiTConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("config field name must not be blank");
        }
        positive("image_height", imageHeight);
        positive("image_width", imageWidth);
        positive("channels", channels);
        positive("patch_size", patchSize);
        positive("hidden_size", hiddenSize);
        positive("num_layers", numLayers);
        positive("num_heads", numHeads);
        positive("ffn_hidden_size", ffnHiddenSize);
        positive("text_hidden_size", textHiddenSize);
        positive("text_max_tokens", textMaxTokens);
        positive("timestep_embedding_size", timestepEmbeddingSize);
        if (imageHeight % patchSize != 0 || imageWidth % patchSize != 0) {
            throw new IllegalArgumentException("config image_height and image_width must be multiples of patch_size "
                    + patchSize + ", got " + imageHeight + "x" + imageWidth);
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("config hidden_size " + hiddenSize + " is not a multiple of num_heads "
                    + numHeads);
        }
        if ((hiddenSize / numHeads) % 4 != 0) {
            throw new IllegalArgumentException("config head dim " + hiddenSize / numHeads
                    + " must be a multiple of 4 for 2D RoPE (two halves of pairs)");
        }
        if (timestepEmbeddingSize % 2 != 0) {
            throw new IllegalArgumentException("config timestep_embedding_size must be even, got "
                    + timestepEmbeddingSize);
        }
        if (!(ropeTheta > 0) || !(normEps > 0) || !(defaultGuidance >= 0)) {
            throw new IllegalArgumentException("config rope_theta and norm_eps must be positive and "
                    + "default_guidance non-negative, got " + ropeTheta + ", " + normEps + ", " + defaultGuidance);
        }
        if (!Double.isFinite(baseShift) || !Double.isFinite(maxShift)) {
            throw new IllegalArgumentException("config base_shift and max_shift must be finite");
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("config field " + field + " must be positive, got " + value);
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public int patchRows() {
        return imageHeight / patchSize;
    }

    public int patchCols() {
        return imageWidth / patchSize;
    }

    /** N, image tokens. */
    public int imageTokens() {
        return patchRows() * patchCols();
    }

    /** 3p², the width of one patch vector. */
    public int patchDim() {
        return channels * patchSize * patchSize;
    }

    /** The longest joint sequence, T_max + N. */
    public int maxSequence() {
        return textMaxTokens + imageTokens();
    }
}
