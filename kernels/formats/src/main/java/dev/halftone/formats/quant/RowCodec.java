package dev.halftone.formats.quant;

import java.lang.foreign.MemorySegment;

/**
 * Encodes rows of fp32 weights into one {@link WeightFormat} and decodes them back. Rows hold a multiple of the
 * format's block size; encoded blocks are little-endian and unpadded, as in a GGUF tensor. Inputs must be finite
 * (ggml's {@code ggml_validate_row_data} rejects NaN and infinity too); what a NaN encodes to is unspecified.
 */
public interface RowCodec {
    WeightFormat format();

    /** Encodes {@code n} values {@code src[srcOffset..]} into {@code dst} at byte {@code dstOffset}. */
    void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset);

    /** Decodes {@code n} values from {@code src} at byte {@code srcOffset} into {@code dst[dstOffset..]}. */
    void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n);
}
