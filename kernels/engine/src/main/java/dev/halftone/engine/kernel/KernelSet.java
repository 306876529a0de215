package dev.halftone.engine.kernel;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.simd.VectorF32Matmul;
import dev.halftone.engine.simd.VectorInt8Matmul;

/** The matmul implementations one engine uses; the only place that chooses between reference and Vector API. */
public record KernelSet(F32Matmul f32, Int8Matmul int8) {

    public KernelSet {
        if (f32 == null || int8 == null) {
            throw new IllegalArgumentException("kernel set needs both an f32 and an int8 matmul");
        }
    }

    public static KernelSet of(EngineOptions.KernelChoice choice) {
        return switch (choice) {
            case VECTOR -> new KernelSet(VectorF32Matmul.INSTANCE, VectorInt8Matmul.INSTANCE);
            case REFERENCE -> new KernelSet(ReferenceF32Matmul.INSTANCE, ReferenceInt8Matmul.INSTANCE);
        };
    }
}
