package dev.halftone.formats.nf4;

import java.util.List;
import java.util.Objects;

/**
 * One NF4-quantized tensor as bitsandbytes stores it: packed 4-bit codes (two per byte, the first value in the high
 * nibble) and per-block absmax, either fp32 ({@code absmax}) or double-quantized (uint8 {@code quantizedAbsmax} with
 * the dynamic map, an fp32 {@code nestedAbsmax} per 256 blocks and the fp32 {@code offset} subtracted before).
 *
 * @param shape           the original PyTorch shape
 * @param blockSize       values per absmax (bitsandbytes default 64)
 * @param packed          ceil(n/2) bytes
 * @param absmax          fp32 absmax per block, or null when double-quantized
 * @param quantizedAbsmax uint8 dynamic-map codes of (absmax − offset), or null
 * @param nestedAbsmax    fp32 absmax of each 256-block group of (absmax − offset), or null
 * @param offset          mean of the absmax values, subtracted before double quantization (0 without)
 */
public record Nf4Weight(List<Long> shape, int blockSize, byte[] packed, float[] absmax, byte[] quantizedAbsmax,
        float[] nestedAbsmax, float offset) {
    /** Absmax values per nested block (bitsandbytes' {@code quantize_blockwise(..., blocksize=256)}). */
    public static final int NESTED_BLOCK = 256;

    public Nf4Weight {
        shape = List.copyOf(shape);
        Objects.requireNonNull(packed, "packed");
        long n = shape.stream().reduce(1L, Math::multiplyExact);
        if (packed.length != (n + 1) / 2) {
            throw new IllegalArgumentException("packed must hold " + (n + 1) / 2 + " bytes, has " + packed.length);
        }
        long blocks = (n + blockSize - 1) / blockSize;
        boolean nested = absmax == null;
        if (nested ? quantizedAbsmax == null || nestedAbsmax == null || quantizedAbsmax.length != blocks
                || nestedAbsmax.length != (blocks + NESTED_BLOCK - 1) / NESTED_BLOCK : absmax.length != blocks) {
            throw new IllegalArgumentException("absmax must hold one value per " + blockSize + "-value block ("
                    + blocks + "), fp32 or double-quantized");
        }
    }

    public boolean doubleQuantized() {
        return absmax == null;
    }

    public long elementCount() {
        return shape.stream().reduce(1L, Math::multiplyExact);
    }

    /**
     * Storage bits per weight, scales included: packed codes, absmax (fp32, or uint8 + fp32 nested absmax + the fp32
     * offset) and, when {@code withMaps}, the stored code maps (16 fp32 NF4 codes, 256 fp32 dynamic codes).
     */
    public double bitsPerWeight(boolean withMaps) {
        long bytes = packed.length;
        if (doubleQuantized()) {
            bytes += quantizedAbsmax.length + 4L * nestedAbsmax.length + 4;
            bytes += withMaps ? 4L * 256 : 0;
        } else {
            bytes += 4L * absmax.length;
        }
        bytes += withMaps ? 4L * 16 : 0;
        return 8.0 * bytes / elementCount();
    }
}
