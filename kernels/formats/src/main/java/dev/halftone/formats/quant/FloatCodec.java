package dev.halftone.formats.quant;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The unquantized GGUF encodings: F32 (copied), F16 and BF16 (each value rounded to nearest even by
 * {@link Fp16#encode} / {@link Bf16#encode}, as ggml's {@code ggml_fp32_to_fp16_row} and
 * {@code ggml_fp32_to_bf16_row_ref} do). Decoding is exact.
 */
public enum FloatCodec implements RowCodec {
    F32(WeightFormat.F32),
    F16(WeightFormat.F16),
    BF16(WeightFormat.BF16);

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final WeightFormat format;

    FloatCodec(WeightFormat format) {
        this.format = format;
    }

    @Override
    public WeightFormat format() {
        return format;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        switch (this) {
            case F32 -> MemorySegment.copy(src, srcOffset, dst, FLOAT, dstOffset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.set(SHORT, dstOffset + 2L * i, Fp16.encode(src[srcOffset + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst.set(SHORT, dstOffset + 2L * i, Bf16.encode(src[srcOffset + i]));
                }
            }
        }
    }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        switch (this) {
            case F32 -> MemorySegment.copy(src, FLOAT, srcOffset, dst, dstOffset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = Fp16.decode(src.get(SHORT, srcOffset + 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = Bf16.decode(src.get(SHORT, srcOffset + 2L * i));
                }
            }
        }
    }
}
