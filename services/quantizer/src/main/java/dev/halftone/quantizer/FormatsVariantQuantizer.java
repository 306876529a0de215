package dev.halftone.quantizer;

import dev.halftone.formats.int8.Int8Quantization;
import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.nf4.Nf4Quantization;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;
import dev.halftone.schemas.Recipe;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link VariantQuantizer} over halftone-formats, both branches ({@code cond}, {@code uncond}, docs/model.md §6):
 * NF4 with double-quantized absmax (bitsandbytes layout, nothing protected) and INT8 W8A8 with SmoothQuant at the
 * recipe's alpha (or without it: the naive W8A8 of the ablations), keeping the recipe's protected layers (top-k of the branch's own fragility ranking, or a list)
 * at reference precision. Bits per weight are the variant's bytes over the reference's weight count, so scales,
 * protected layers and unquantized vectors are all paid for.
 */
@ApplicationScoped
public class FormatsVariantQuantizer implements VariantQuantizer {
    private static final List<String> BRANCHES = List.of("cond", "uncond");

    @Override
    public Built build(Path modelDirectory, Recipe recipe, Optional<Path> profileDirectory, Path outputDirectory) {
        try {
            switch (recipe.format()) {
                case NF4 -> {
                    for (String branch : BRANCHES) {
                        Nf4Quantization.run(reference(modelDirectory, branch), outputDirectory.resolve(branch + ".safetensors"), Set.of(), true);
                    }
                }
                case INT8_W8A8 -> {
                    Path profiles = profileDirectory.orElseThrow(() -> new IllegalArgumentException("an INT8 recipe needs the activation profile"));
                    for (String branch : BRANCHES) {
                        Path profile = profiles.resolve(branch + ".activations.safetensors");
                        Int8Quantization.run(new Int8Quantization.Request(reference(modelDirectory, branch), profile,
                                outputDirectory.resolve(branch + ".safetensors"), protectedLayers(recipe, profiles.resolve(branch + ".activations.json")),
                                recipe.smoothQuant(), recipe.alpha().floatValue(), Map.of("alpha", recipe.alpha().toString())), (index, count, tensor) -> { });
                    }
                }
                default -> throw new IllegalArgumentException("the quantizer builds nf4 and int8-w8a8, not " + recipe.format().wireName());
            }
            long bytes = 0;
            long weights = 0;
            for (String branch : BRANCHES) {
                bytes += Files.size(outputDirectory.resolve(branch + ".safetensors"));
                weights += weightCount(reference(modelDirectory, branch));
            }
            return new Built(bytes, 8.0 * bytes / weights);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot quantize " + modelDirectory + " to " + recipe.format().wireName() + ": " + e.getMessage(), e);
        }
    }

    private static Path reference(Path modelDirectory, String branch) {
        return modelDirectory.resolve(branch + ".safetensors");
    }

    /** The recipe's protected layers: an explicit list, or the top k of the branch profile's fragility ranking. */
    private static Set<String> protectedLayers(Recipe recipe, Path profileJson) throws IOException {
        if (recipe.protection() == null) {
            return Set.of();
        }
        if (recipe.protection().layers() != null) {
            return new LinkedHashSet<>(recipe.protection().layers());
        }
        var root = (JsonValue.JsonObject) JsonReader.parse(Files.readString(profileJson, StandardCharsets.UTF_8));
        var ranking = (JsonValue.JsonArray) root.get("fragility_ranking");
        int k = recipe.protection().topK();
        if (k > ranking.elements().size()) {
            throw new IllegalArgumentException("protection top-" + k + " exceeds the model's " + ranking.elements().size() + " linears");
        }
        Set<String> layers = new LinkedHashSet<>();
        for (int i = 0; i < k; i++) {
            layers.add(((JsonValue.JsonString) ranking.elements().get(i)).value());
        }
        return layers;
    }

    /** Elements of every tensor the branch stores, the per-tensor scale scalars aside. */
    private static long weightCount(Path branchFile) throws IOException {
        try (var file = SafetensorsFile.open(branchFile)) {
            return file.tensors().stream().filter(t -> !t.name().endsWith(".weight_scale")).mapToLong(TensorInfo::elementCount).sum();
        }
    }
}
