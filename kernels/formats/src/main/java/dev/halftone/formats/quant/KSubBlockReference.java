package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Fp16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The block loops Q4_K and Q5_K share in ggml's reference codecs: a super-block of 256 values is fitted by
 * {@link KSubBlockFit} (search parameters per format), its header (d, dmin as fp16, 12 bytes of 6-bit scales and
 * mins) written, and its levels packed by the subclass; decoding takes sub-block pairs (2c, 2c+1) with
 * d1 = d·scale, m1 = dmin·min (each product rounded to float) and x = d1·q − m1 (rounded twice: product, then
 * difference, as ggml's C without FMA contraction). A subclass says where a level's bits live.
 */
abstract sealed class KSubBlockReference implements RowCodec permits Q4_KReference, Q5_KReference {
    static final int BLOCK = 256;

    private final WeightFormat format;
    private final int blockBytes;
    private final int nmax;
    private final float rmin;
    private final float rdelta;
    private final int nstep;

    KSubBlockReference(WeightFormat format, int blockBytes, int nmax, float rmin, float rdelta, int nstep) {
        this.format = format;
        this.blockBytes = blockBytes;
        this.nmax = nmax;
        this.rmin = rmin;
        this.rdelta = rdelta;
        this.nstep = nstep;
    }

    /** Writes the 256 levels (0..nmax) of one super-block into {@code block} after its header. */
    abstract void packLevels(byte[] levels, byte[] block);

    /** Level {@code l} (0..31) of sub-block {@code 2c + high} of a super-block. */
    abstract int level(byte[] block, int c, int high, int l);

    @Override
    public final WeightFormat format() {
        return format;
    }

    @Override
    public final void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        long blocks = format.rowBytes(n) / blockBytes;
        KSubBlockFit fit = new KSubBlockFit();
        byte[] block = new byte[blockBytes];
        for (int b = 0; b < blocks; b++) {
            int x = srcOffset + b * BLOCK;
            fit.fit(src, x, nmax, rmin, rdelta, nstep);
            fit.requantize(src, x, nmax);
            fit.writeHeader(block);
            packLevels(fit.levels, block);
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * blockBytes, blockBytes);
        }
    }

    @Override
    public final void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        long blocks = format.rowBytes(n) / blockBytes;
        byte[] block = new byte[blockBytes];
        for (int b = 0; b < blocks; b++) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset + (long) b * blockBytes, block, 0, blockBytes);
            float d = Fp16.decode(KSubBlockFit.half(block, 0));
            float dmin = Fp16.decode(KSubBlockFit.half(block, 2));
            int y = dstOffset + b * BLOCK;
            for (int c = 0; c < 4; c++) {
                for (int high = 0; high < 2; high++) {
                    float d1 = d * KScales.scale(block, 4, 2 * c + high);
                    float m1 = dmin * KScales.min(block, 4, 2 * c + high);
                    for (int l = 0; l < 32; l++) {
                        dst[y + 64 * c + 32 * high + l] = d1 * level(block, c, high, l) - m1;
                    }
                }
            }
        }
    }
}
