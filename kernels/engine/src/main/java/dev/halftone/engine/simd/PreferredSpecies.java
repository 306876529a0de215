package dev.halftone.engine.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The vector shapes every kernel uses, chosen once from the machine's preferred width. */
final class PreferredSpecies {

    /** Preferred float lanes (16 with AVX-512, 8 with AVX2). */
    static final jdk.incubator.vector.VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Ints of the same bit width as {@link #FLOATS}. */
    static final jdk.incubator.vector.VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** Bytes that widen one-to-one into {@link #INTS} (a quarter of the width). */
    static final jdk.incubator.vector.VectorSpecies<Byte> BYTES_FOR_INTS =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 4));

    private PreferredSpecies() {
    }
}
