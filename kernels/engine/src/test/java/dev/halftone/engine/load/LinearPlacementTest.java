package dev.halftone.engine.load;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.TestModels;
import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.linear.DenseLinear;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.sampler.StepListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader asks the placement once per linear with what the checkpoint stores, uses a backend it returns for
 * exactly that layer and builds every declined layer's CPU backend as without a placement.
 */
class LinearPlacementTest {

    private static final String PLACED = "layers.1.feed_forward.w2";
    private static final EngineOptions OPTIONS = new EngineOptions(2, EngineOptions.KernelChoice.VECTOR);
    private static final GenerationRequest REQUEST = new GenerationRequest("a boat", 3L, 2, 4f);

    /** A real CPU backend that counts the forwards it serves, standing for another engine's backend. */
    private static final class CountingLinear implements LinearBackend {
        private final DenseLinear inner;
        private int forwards;

        CountingLinear(DenseLinear inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public LinearFormat format() {
            return inner.format();
        }

        @Override
        public int inFeatures() {
            return inner.inFeatures();
        }

        @Override
        public int outFeatures() {
            return inner.outFeatures();
        }

        @Override
        public long storedBytes() {
            return inner.storedBytes();
        }

        @Override
        public void forward(float[] input, int rows, float[] output) {
            forwards++;
            inner.forward(input, rows, output);
        }
    }

    @Test
    void aPlacedBackendServesExactlyItsLayerAndTheRestStayOnTheCpu() throws IOException {
        ModelDirectory dir = TestModels.micro();
        DiTConfig config = dir.config();
        float[] cpu;
        List<LinearBackend> cpuLinears;
        try (ImagePipeline p = ImagePipeline.open(dir, ModelDirectory.REFERENCE, OPTIONS)) {
            cpuLinears = p.branch(Branch.COND).linears();
            cpu = p.sample(REQUEST, StepListener.NONE, ActivationObserver.NONE, ActivationObserver.NONE).values();
        }

        List<String> asked = new ArrayList<>();
        List<CountingLinear> placed = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(2)) {
            KernelSet kernels = KernelSet.of(OPTIONS.kernels());
            LinearPlacement onePlaced = (linear, maxRows) -> {
                asked.add(linear.name());
                assertEquals(config.maxSequence(), maxRows);
                if (!linear.name().equals(PLACED)) {
                    return Optional.empty();
                }
                // the micro reference is FP8: the placement gets the codes and the scale as stored
                var fp8 = assertInstanceOf(StoredWeight.Fp8.class, linear.weight());
                float[] values = new float[fp8.codes().length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Fp8Reference.dequantize(fp8.codes()[i], fp8.scale());
                }
                CountingLinear counting = new CountingLinear(new DenseLinear(linear.name(), linear.format(),
                        values, linear.bias(), linear.out(), linear.in(), linear.storedBytes(),
                        kernels.f32(), pool));
                placed.add(counting);
                return Optional.of(counting);
            };
            float[] withPlacement;
            try (ImagePipeline p = ImagePipeline.open(dir, ModelDirectory.REFERENCE, OPTIONS, onePlaced)) {
                List<LinearBackend> linears = p.branch(Branch.COND).linears();
                assertEquals(cpuLinears.stream().map(LinearBackend::name).toList(),
                        asked.subList(0, linears.size()), "asked once per layer, in the branch's order");
                assertEquals(2 * linears.size(), asked.size(), "both branches asked");
                assertEquals(2, placed.size());
                for (LinearBackend linear : linears) {
                    if (linear.name().equals(PLACED)) {
                        assertSame(placed.getFirst(), linear);
                    } else {
                        assertInstanceOf(DenseLinear.class, linear, linear.name());
                    }
                }
                assertSame(placed.get(1), p.branch(Branch.UNCOND).weights().layers().get(1).w2());
                withPlacement = p.sample(REQUEST, StepListener.NONE, ActivationObserver.NONE,
                        ActivationObserver.NONE).values();
            }
            // one forward per branch evaluation: 2 steps, each branch once per step
            assertEquals(REQUEST.steps(), placed.get(0).forwards);
            assertEquals(REQUEST.steps(), placed.get(1).forwards);
            assertArrayEquals(cpu, withPlacement, "the same arithmetic gives the same sample");
        }
    }

    @Test
    void theCpuPlacementDeclinesEveryLayer() {
        var linear = new StoredLinear("probe", LinearFormat.FP32, 2, 3, new StoredWeight.Dense(new float[6]),
                new float[2], 32);
        assertTrue(LinearPlacement.CPU.place(linear, 10).isEmpty());
    }
}
