package dev.halftone.formats.nf4;

import java.util.List;

/**
 * NF4 quantization and dequantization as bitsandbytes does it (backends/default/ops.py {@code quantize_4bit},
 * {@code dequantize_4bit}, {@code quantize_blockwise}; functional.py {@code quantize_4bit}), all in fp32:
 * per block of {@code blockSize} values absmax = max|x|; scaled = clamp(x · (1 / max(absmax, 1e-38)), −1, 1)
 * (reciprocal then multiply, each rounded to nearest even); code index by {@link Nf4Codebook#index}. Double
 * quantization: offset = mean(absmax), then (absmax − offset) is block-quantized in groups of 256 with the
 * {@link DynamicQuantMap}. Decode: code · absmax (fp32), with absmax = dyn[q] · nested + offset when nested.
 *
 * <p>Deviation: bitsandbytes takes {@code absmax.mean()} as a torch fp32 reduction whose summation order is
 * torch's; here the mean is summed in double and rounded once to fp32. The offset is stored, so decoding is
 * exact either way.
 */
public final class Nf4Quantizer {
    /** bitsandbytes' default NF4 block size. */
    public static final int DEFAULT_BLOCK = 64;
    private static final float MIN_ABSMAX = 1e-38f;

    private Nf4Quantizer() {
    }

    public static Nf4Weight quantize(float[] x, List<Long> shape, int blockSize, boolean doubleQuantize) {
        if (blockSize <= 0 || Integer.bitCount(blockSize) != 1 || blockSize < 32 || blockSize > 4096) {
            throw new IllegalArgumentException("blockSize must be a power of two in [32, 4096], got " + blockSize);
        }
        long n = shape.stream().reduce(1L, Math::multiplyExact);
        if (n != x.length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + n + " values, x has " + x.length);
        }
        int blocks = (x.length + blockSize - 1) / blockSize;
        float[] absmax = new float[blocks];
        byte[] packed = new byte[(x.length + 1) / 2];
        for (int b = 0; b < blocks; b++) {
            int from = b * blockSize;
            int to = Math.min(x.length, from + blockSize);
            float max = 0f;
            for (int i = from; i < to; i++) {
                max = Math.max(max, Math.abs(x[i]));
            }
            absmax[b] = max;
            float inverse = 1f / Math.max(max, MIN_ABSMAX);
            for (int i = from; i < to; i++) {
                int q = Nf4Codebook.index(Math.clamp(x[i] * inverse, -1f, 1f));
                // first value of each pair in the high nibble; an odd tail pads with code 0 as bitsandbytes pads 0.0
                packed[i >> 1] |= (byte) ((i & 1) == 0 ? q << 4 : q);
            }
        }
        if (x.length % 2 == 1) {
            packed[packed.length - 1] |= (byte) Nf4Codebook.index(0f);
        }
        if (!doubleQuantize) {
            return new Nf4Weight(shape, blockSize, packed, absmax, null, null, 0f);
        }
        double sum = 0;
        for (float a : absmax) {
            sum += a;
        }
        float offset = (float) (sum / blocks);
        float[] centered = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            centered[b] = absmax[b] - offset;
        }
        int groups = (blocks + Nf4Weight.NESTED_BLOCK - 1) / Nf4Weight.NESTED_BLOCK;
        float[] nested = new float[groups];
        byte[] quantized = new byte[blocks];
        for (int g = 0; g < groups; g++) {
            int from = g * Nf4Weight.NESTED_BLOCK;
            int to = Math.min(blocks, from + Nf4Weight.NESTED_BLOCK);
            float max = 0f;
            for (int i = from; i < to; i++) {
                max = Math.max(max, Math.abs(centered[i]));
            }
            nested[g] = max;
            float inverse = 1f / Math.max(max, MIN_ABSMAX);
            for (int i = from; i < to; i++) {
                quantized[i] = (byte) DynamicQuantMap.index(Math.clamp(centered[i] * inverse, -1f, 1f));
            }
        }
        return new Nf4Weight(shape, blockSize, packed, null, quantized, nested, offset);
    }

    /** The per-block absmax a decoder uses: stored fp32, or dyn[q] · nested + offset (fp32 ops). */
    public static float[] absmax(Nf4Weight weight) {
        if (!weight.doubleQuantized()) {
            return weight.absmax().clone();
        }
        float[] out = new float[weight.quantizedAbsmax().length];
        for (int b = 0; b < out.length; b++) {
            out[b] = DynamicQuantMap.code(weight.quantizedAbsmax()[b] & 0xff)
                    * weight.nestedAbsmax()[b / Nf4Weight.NESTED_BLOCK] + weight.offset();
        }
        return out;
    }

    /** Decodes to fp32: code · absmax per value. */
    public static float[] dequantize(Nf4Weight weight) {
        float[] absmax = absmax(weight);
        int n = (int) weight.elementCount();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int q = (weight.packed()[i >> 1] >> ((i & 1) == 0 ? 4 : 0)) & 0xf;
            out[i] = Nf4Codebook.CODES[q] * absmax[i / weight.blockSize()];
        }
        return out;
    }
}
