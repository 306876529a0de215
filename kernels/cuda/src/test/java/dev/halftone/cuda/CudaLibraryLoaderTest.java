package dev.halftone.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading errors end in a clear {@link CudaAvailability.Unavailable}, and the CPU backend is chosen. */
class CudaLibraryLoaderTest {

    @Test
    void missingConfiguredLibraryNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("libhalftone_cuda.so");
        var result = assertInstanceOf(CudaAvailability.Unavailable.class, CudaLibraryLoader.load(missing));
        assertTrue(result.reason().contains(missing.toString()), result.reason());
        assertTrue(result.reason().contains("does not exist"), result.reason());
    }

    @Test
    void fileThatIsNotALibraryIsReportedWithTheLinkerMessage(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("libhalftone_cuda.so"), "not an ELF file");
        var result = assertInstanceOf(CudaAvailability.Unavailable.class, CudaLibraryLoader.load(garbage));
        assertTrue(result.reason().startsWith("could not load the CUDA library " + garbage), result.reason());
        assertTrue(result.reason().endsWith("using the CPU backends"), result.reason());
    }

    @Test
    void unavailableCudaFallsBackToTheCpuBackendWithTheReason() {
        CudaBackendChoice<String> choice = CudaBackendChoice.choose(
                new CudaAvailability.Unavailable("no usable CUDA device: cudaErrorNoDevice"), () -> "cpu",
                available -> "gpu");
        assertFalse(choice.onGpu());
        assertTrue(choice.backend().equals("cpu"));
        assertTrue(choice.message().equals("CPU backend: no usable CUDA device: cudaErrorNoDevice"), choice.message());
    }

    @Test
    void availableCudaIsChosen() {
        CudaDevice device = new CudaDevice(0, "NVIDIA GeForce RTX 3090", 8, 6, 82, 24L << 30);
        CudaBackendChoice<String> choice = CudaBackendChoice.choose(
                new CudaAvailability.Available(Path.of("/opt/libhalftone_cuda.so"), device), () -> "cpu",
                available -> "gpu on " + available.device().name());
        assertTrue(choice.onGpu());
        assertTrue(choice.backend().equals("gpu on NVIDIA GeForce RTX 3090"));
        assertTrue(choice.message().contains("sm_86"), choice.message());
    }
}
