package dev.halftone.engine.load;

import dev.halftone.formats.nf4.Nf4Weight;

import java.lang.foreign.MemorySegment;

/**
 * A linear's weight as its checkpoint stores it, checked but not yet turned into a backend, so a
 * {@link LinearPlacement} can hand the stored bytes to another engine without a second copy. The arrays and segments
 * are the loader's: a placement reads them during {@link LinearPlacement#place} and keeps no reference.
 */
public sealed interface StoredWeight {

    /** (out, in) row-major float32 values, exactly the format's values (FP32, BF16, F16, GGUF F32/F16/BF16). */
    record Dense(float[] values) implements StoredWeight {
    }

    /**
     * GGUF blocks as stored, (out) rows of in / blockSize blocks (Q8_0: 34 bytes per 32 weights, Q4_K: 144 per 256,
     * Q5_K, Q6_K); a slice of the mapped file, valid only while the branch loads. Not yet decoded, so not yet
     * checked for non-finite values: the loader checks those after a placement took the layer.
     */
    record GgufBlocks(MemorySegment blocks) implements StoredWeight {
    }

    /**
     * SmoothQuant W8A8 (formats' Int8CheckpointLayout): codes (out, in) in [−127, 127], per-output-channel scales
     * (out), and the smoothing vector s (in) that the CPU divides activations by, or null when not smoothed.
     */
    record Int8(byte[] codes, float[] weightScale, float[] smoothScale) implements StoredWeight {
    }

    /** F8_E4M3 codes (out, in), no NaN code, with the per-tensor positive scale. */
    record Fp8(byte[] codes, float scale) implements StoredWeight {
    }

    /** NF4 in bitsandbytes' layout, absmax finite. */
    record Nf4(Nf4Weight weight) implements StoredWeight {
    }
}
