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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The INT8 W8A8 path end to end: profile the micro model, quantize with formats' Int8Quantization (2 layers
 * protected per branch), load the checkpoint, and render close to the reference.
 */
class Int8VariantTest {

    @TempDir
    Path temp;

    @Test
    void int8VariantLoadsWithProtectedLayersAndRendersLikeTheReference() throws IOException {
        Path model = temp.resolve("model");
        Files.createDirectories(model);
        try (var files = Files.list(TestModels.micro().root())) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        ModelDirectory dir = new ModelDirectory(model);
        VariantWriter.writeInt8(dir, List.of("a boat", "OPEN 24 HOURS"), 3, 2);
        assertTrue(Files.exists(dir.variantFolder("int8").resolve("cond.activations.json")));
        GenerationRequest request = new GenerationRequest("a boat", 3L, 2, 4f);
        EngineOptions options = new EngineOptions(2, EngineOptions.KernelChoice.VECTOR);
        float[] reference;
        float[] int8;
        try (ImagePipeline p = ImagePipeline.open(dir, ModelDirectory.REFERENCE, options)) {
            reference = p.sample(request, StepListener.NONE, ActivationObserver.NONE, ActivationObserver.NONE).values();
        }
        try (ImagePipeline p = ImagePipeline.open(dir, "int8", options)) {
            List<LinearBackend> linears = p.branch(Branch.COND).linears();
            long int8Layers = linears.stream().filter(l -> l.format() == LinearFormat.INT8).count();
            long bf16Layers = linears.stream().filter(l -> l.format() == LinearFormat.BF16).count();
            assertEquals(linears.size() - 2, int8Layers);
            assertEquals(2, bf16Layers);
            int8 = p.sample(request, StepListener.NONE, ActivationObserver.NONE, ActivationObserver.NONE).values();
        }
        double diff = 0, max = 0;
        for (int i = 0; i < reference.length; i++) {
            diff = Math.max(diff, Math.abs(reference[i] - int8[i]));
            max = Math.max(max, Math.abs(reference[i]));
        }
        assertTrue(diff > 0 && diff / max < 0.1, "INT8 deviation " + diff / max);
    }
}
