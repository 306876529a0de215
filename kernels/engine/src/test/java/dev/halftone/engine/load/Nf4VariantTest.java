package dev.halftone.engine.load;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.TestModels;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.engine.tiny.VariantWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NF4 end to end: quantize the micro model with formats' Nf4Quantization (bitsandbytes layout, double-quantized
 * absmax), load it, and render close to the reference; weights equal formats' own dequantization.
 */
class Nf4VariantTest {

    @TempDir
    Path temp;

    @Test
    void nf4VariantLoadsAndRendersLikeTheReference() throws IOException {
        Path model = temp.resolve("model");
        Files.createDirectories(model);
        try (var files = Files.list(TestModels.micro().root())) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        ModelDirectory dir = new ModelDirectory(model);
        VariantWriter.writeNf4(dir);
        GenerationRequest request = new GenerationRequest("a boat", 3L, 2, 4f);
        EngineOptions options = new EngineOptions(2, EngineOptions.KernelChoice.VECTOR);
        float[] reference;
        float[] nf4;
        try (ImagePipeline p = ImagePipeline.open(dir, ModelDirectory.REFERENCE, options)) {
            reference = p.sample(request, StepListener.NONE, ActivationObserver.NONE, ActivationObserver.NONE).values();
        }
        try (ImagePipeline p = ImagePipeline.open(dir, "nf4", options)) {
            List<LinearBackend> linears = p.branch(Branch.COND).linears();
            // formats' Nf4Quantization keeps tensors whose name contains "embedding" in bf16, which also catches
            // the t_embedding linears
            for (LinearBackend l : linears) {
                LinearFormat expected = l.name().startsWith("t_embedding.") ? LinearFormat.BF16 : LinearFormat.NF4;
                assertTrue(l.format() == expected, l.name() + " is " + l.format());
            }
            LinearBackend w2 = p.branch(Branch.COND).weights().layers().getFirst().w2();
            // 4 bits per weight plus one uint8 absmax per 64 weights and the bias (bf16)
            long weights = (long) w2.inFeatures() * w2.outFeatures();
            assertTrue(w2.storedBytes() >= weights / 2 + weights / 64 && w2.storedBytes() < weights, "bytes "
                    + w2.storedBytes());
            nf4 = p.sample(request, StepListener.NONE, ActivationObserver.NONE, ActivationObserver.NONE).values();
        }
        double diff = 0, max = 0;
        for (int i = 0; i < reference.length; i++) {
            diff = Math.max(diff, Math.abs(reference[i] - nf4[i]));
            max = Math.max(max, Math.abs(reference[i]));
        }
        assertTrue(diff > 0 && diff / max < 0.3, "NF4 deviation " + diff / max);
    }
}
