package dev.halftone.cuda;

import dev.halftone.formats.quant.WeightFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library the build just compiled (target/classes/native/...): it loads on a machine without a GPU, its block
 * layouts (blocks.h) equal kernels/formats' {@link WeightFormat} layouts, and with no device it reports why.
 * Skipped, saying so, when the build had no nvcc and so made no library.
 */
class CudaNativeLibraryTest {
    private static final Path BUILT = Path.of("target/classes" + CudaLibraryLoader.RESOURCE);
    private static CudaAvailability availability;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isRegularFile(BUILT), "no native library was built (nvcc absent): " + BUILT);
        availability = CudaLibraryLoader.load(BUILT);
    }

    @Test
    void blockLayoutsMatchTheJavaFormats() {
        assertTrue(availability instanceof CudaAvailability.Available
                || !((CudaAvailability.Unavailable) availability).reason().startsWith("could not load"),
                () -> "the built library must load: " + availability);
        assertArrayEquals(new int[]{WeightFormat.Q8_0.blockSize(), WeightFormat.Q8_0.bytesPerBlock()},
                HalftoneCuda.blockLayout(HalftoneCuda.LAYOUT_Q8_0));
        assertArrayEquals(new int[]{WeightFormat.Q4_K.blockSize(), WeightFormat.Q4_K.bytesPerBlock()},
                HalftoneCuda.blockLayout(HalftoneCuda.LAYOUT_Q4_K));
    }

    @Test
    void unknownLayoutIsAnInvalidArgumentWithTheLibrarysMessage() {
        CudaException e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
                () -> HalftoneCuda.blockLayout(7));
        assertTrue(e.status() == CudaException.INVALID_ARGUMENT, "status " + e.status());
        assertTrue(e.getMessage().equals("ht_block_layout: unknown layout 7"), e.getMessage());
    }

    @Test
    void withoutADeviceTheReasonCarriesTheCudaError() {
        assumeTrue(availability instanceof CudaAvailability.Unavailable, "a CUDA device answered: " + availability);
        var unavailable = assertInstanceOf(CudaAvailability.Unavailable.class, availability);
        assertTrue(unavailable.reason().startsWith("no usable CUDA device: ht_device_count")
                || unavailable.reason().startsWith("the CUDA driver reports no device"), unavailable.reason());
    }
}
