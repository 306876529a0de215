package dev.halftone.formats.int8;

/**
 * Tensor names of Halftone's INT8 W8A8 checkpoint (docs/formats.md "INT8 W8A8 checkpoint"). For a quantized linear
 * L: {@code L.weight} I8 (out, in), {@code L.weight_scale} F32 (out), {@code L.smooth_scale} F32 (in); a protected
 * linear keeps {@code L.weight} in BF16; biases, norms and every other tensor are BF16.
 */
public final class Int8CheckpointLayout {
    public static final String WEIGHT = ".weight";
    public static final String WEIGHT_SCALE = ".weight_scale";
    public static final String SMOOTH_SCALE = ".smooth_scale";
    /** {@code __metadata__} key naming the format. */
    public static final String FORMAT_KEY = "format";
    /** Suffix of the activation profile's per-input-channel max|x| tensors. */
    public static final String PROFILE_SUFFIX = ".input_channel_max";

    private Int8CheckpointLayout() {
    }
}
