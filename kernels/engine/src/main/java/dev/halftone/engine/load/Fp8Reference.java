package dev.halftone.engine.load;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp8E4M3;

/**
 * The FP8 reference checkpoint's weight values (docs/model.md §5): {@code w = bf16_rne(f32(fp8_decode(q)·scale))},
 * a float32 multiply (round to nearest even) then rounding to bf16 (nearest even), exactly as PyTorch's
 * {@code (q.to(float32) * scale).to(bfloat16)}. Note the double rounding: formats' {@code Fp8E4M3.decodeScaledToBf16}
 * rounds the exact product once, which differs on rare ties; the contract is this one.
 */
public final class Fp8Reference {

    private Fp8Reference() {
    }

    /** The weight value as float32 (exactly a bf16 value); the NaN code is the caller's to reject. */
    public static float dequantize(byte code, float scale) {
        return Bf16.decode(Bf16.encode(Fp8E4M3.decode(code) * scale));
    }
}
