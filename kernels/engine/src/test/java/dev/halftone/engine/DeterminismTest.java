package dev.halftone.engine;

import dev.halftone.engine.decode.RgbImage;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.sampler.StepListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The same seed gives a bit-identical image across runs, thread counts and kernel choices. */
class DeterminismTest {

    private static final GenerationRequest REQUEST = new GenerationRequest("a lighthouse at dusk", 1000L, 3, 4f);

    @Test
    void sameSeedSameBitsAcrossThreadCountsAndKernels() throws IOException {
        byte[] first = render(1, EngineOptions.KernelChoice.VECTOR);
        assertArrayEquals(first, render(1, EngineOptions.KernelChoice.VECTOR), "second run, 1 thread");
        assertArrayEquals(first, render(2, EngineOptions.KernelChoice.VECTOR), "2 threads");
        assertArrayEquals(first, render(3, EngineOptions.KernelChoice.VECTOR), "3 threads");
        assertArrayEquals(first, render(2, EngineOptions.KernelChoice.REFERENCE), "scalar reference kernels");
    }

    @Test
    void anotherSeedGivesAnotherImage() throws IOException {
        byte[] a = render(2, EngineOptions.KernelChoice.VECTOR);
        byte[] b;
        try (ImagePipeline pipeline = ImagePipeline.open(TestModels.micro(), ModelDirectory.REFERENCE,
                new EngineOptions(2, EngineOptions.KernelChoice.VECTOR))) {
            b = pipeline.generate(new GenerationRequest(REQUEST.prompt(), 1001L, REQUEST.steps(), REQUEST.guidance()),
                    StepListener.NONE).rgb();
        }
        assertFalse(java.util.Arrays.equals(a, b));
    }

    /** The latent's float bits, then the image bytes: both must agree. */
    private static byte[] render(int threads, EngineOptions.KernelChoice kernels) throws IOException {
        try (ImagePipeline pipeline = ImagePipeline.open(TestModels.micro(), ModelDirectory.REFERENCE,
                new EngineOptions(threads, kernels))) {
            float[] x = pipeline.sample(REQUEST, StepListener.NONE, dev.halftone.engine.profile.ActivationObserver.NONE,
                    dev.halftone.engine.profile.ActivationObserver.NONE).values();
            RgbImage image = pipeline.generate(REQUEST, StepListener.NONE);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * x.length + image.rgb().length);
            for (float v : x) {
                bytes.putInt(Float.floatToRawIntBits(v));
            }
            bytes.put(image.rgb());
            return bytes.array();
        }
    }
}
