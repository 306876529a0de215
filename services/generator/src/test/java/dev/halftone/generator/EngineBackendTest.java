package dev.halftone.generator;

import dev.halftone.cuda.CudaAvailability;
import dev.halftone.cuda.CudaDevice;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What each halftone.generator.backend value does with a CUDA probe that finds, or does not find, a GPU. */
class EngineBackendTest {

    private static final CudaAvailability NO_GPU = new CudaAvailability.Unavailable(
            "the CUDA driver reports no device; using the CPU backends");
    private static final CudaDevice H200 = new CudaDevice(0, "NVIDIA H200", 9, 0, 132, 141L << 30);
    private static final CudaAvailability GPU = new CudaAvailability.Available(Path.of("/opt/libhalftone_cuda.so"),
            H200);

    @Test
    void cpuNeverLoadsTheLibrary() {
        Supplier<CudaAvailability> untouchable = () -> fail("cpu must not probe the CUDA library");
        var choice = EngineBackend.choose(GeneratorBackend.CPU, untouchable);
        assertEquals(Optional.empty(), choice.backend());
        assertTrue(choice.message().contains("halftone.generator.backend is cpu"), choice.message());
    }

    @Test
    void autoFallsBackToTheCpuWithTheReason() {
        var choice = EngineBackend.choose(GeneratorBackend.AUTO, () -> NO_GPU);
        assertFalse(choice.onGpu());
        assertEquals(Optional.empty(), choice.backend());
        assertEquals("CPU backend: the CUDA driver reports no device; using the CPU backends", choice.message());
    }

    @Test
    void autoAndCudaTakeTheDeviceThatAnswers() {
        for (GeneratorBackend setting : new GeneratorBackend[] {GeneratorBackend.AUTO, GeneratorBackend.CUDA}) {
            var choice = EngineBackend.choose(setting, () -> GPU);
            assertTrue(choice.onGpu());
            assertEquals(Optional.of(H200), choice.backend());
        }
    }

    @Test
    void imagesReportTheGpuTheyRanOnElseTheCpu() {
        var onGpu = EngineBackend.choose(GeneratorBackend.AUTO, () -> GPU).backend();
        var onCpu = EngineBackend.choose(GeneratorBackend.AUTO, () -> NO_GPU).backend();
        assertEquals("NVIDIA H200", EngineBackend.deviceName(onGpu));
        assertEquals("cpu", EngineBackend.deviceName(onCpu));
    }

    @Test
    void cudaWithoutAGpuStopsTheStartWithTheReason() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> EngineBackend.choose(GeneratorBackend.CUDA, () -> NO_GPU));
        assertEquals("halftone.generator.backend is cuda but the CUDA backend cannot run: the CUDA driver reports no"
                + " device (auto or cpu run on the CPU instead)", error.getMessage());
    }
}
