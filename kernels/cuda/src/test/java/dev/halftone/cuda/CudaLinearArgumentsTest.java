package dev.halftone.cuda;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shapes no kernel takes are refused in Java, with the rule in the message, before any native call. */
class CudaLinearArgumentsTest {

    @Test
    void outFeaturesMustBeAMultipleOf8() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaLinear.w8a8(10, 128, new byte[1280], new float[10], null, null, 4, GemmPath.AUTO));
        assertEquals("out features must be a positive multiple of 8, got 10", e.getMessage());
    }

    @Test
    void q4_KNeedsWholeSuperBlocksAlongK() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaLinear.q4_K(8, 384, MemorySegment.ofArray(new byte[8 * 144]), null, 4, false));
        assertEquals("Q4_K_BF16 needs in features a positive multiple of 256, got 384", e.getMessage());
    }

    @Test
    void maxRowsMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaLinear.nf4(8, 128, new byte[512], new float[16], null, 0));
        assertEquals("maxRows must be positive, got 0", e.getMessage());
    }
}
