package dev.halftone.engine.model;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.TestModels;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.parity.ParityFixtureWriter;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.sampler.PhiloxNormal;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.engine.text.TextHiddenStates;
import dev.halftone.formats.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against PyTorch outputs committed in the test resources: the two-layer model under
 * resources/parity/micro was run by src/test/python/parity.py with the independent PyTorch implementation in
 * kernels/tiny-model/python (see measured-errors.json there). One forward per branch and a 4-step CFG sample must
 * agree within the acceptance tolerance, max|java − torch| / max|torch| ≤ 1e-4 in float32.
 */
class TorchParityTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void forwardsAndCfgSampleMatchPyTorch() throws IOException {
        ModelDirectory dir = TestModels.micro();
        try (ImagePipeline pipeline = ImagePipeline.open(dir, ModelDirectory.REFERENCE, new EngineOptions(2,
                EngineOptions.KernelChoice.VECTOR));
             SafetensorsFile torch = SafetensorsFile.open(TestModels.microFixture().resolve("torch_outputs.safetensors"))) {
            DiTConfig config = pipeline.config();
            int size = config.channels() * config.imageHeight() * config.imageWidth();
            float[] x = new float[size];
            PhiloxNormal.fill(ParityFixtureWriter.SEED + 1, x);
            TextHiddenStates prompt = pipeline.textEncoder().encode(ParityFixtureWriter.PROMPT);
            TextHiddenStates empty = pipeline.textEncoder().encode("");
            float[] vCond = new float[size];
            float[] vUncond = new float[size];
            pipeline.branch(Branch.COND).forward(x, ParityFixtureWriter.FORWARD_TIME, prompt, vCond,
                    ActivationObserver.NONE);
            pipeline.branch(Branch.UNCOND).forward(x, ParityFixtureWriter.FORWARD_TIME, empty, vUncond,
                    ActivationObserver.NONE);
            float[] sample = pipeline.sample(new GenerationRequest(ParityFixtureWriter.PROMPT, ParityFixtureWriter.SEED,
                    ParityFixtureWriter.SAMPLE_STEPS, (float) config.defaultGuidance()), StepListener.NONE,
                    ActivationObserver.NONE, ActivationObserver.NONE).values();
            assertClose("forward cond", vCond, floats(torch, "torch.v_cond"));
            assertClose("forward uncond", vUncond, floats(torch, "torch.v_uncond"));
            assertClose("4-step CFG sample", sample, floats(torch, "torch.sample"));
        }
    }

    private static void assertClose(String what, float[] java, float[] torch) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < torch.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) java[i] - torch[i]));
            maxRef = Math.max(maxRef, Math.abs(torch[i]));
        }
        double error = maxDiff / maxRef;
        assertTrue(maxRef > 0.1, what + ": reference output is degenerate, max|torch| = " + maxRef);
        assertTrue(error <= TOLERANCE, what + ": max relative error " + error + " > " + TOLERANCE);
    }

    private static float[] floats(SafetensorsFile file, String name) {
        return file.segment(name).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
    }
}
