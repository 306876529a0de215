package dev.halftone.ggufencoder;

import dev.halftone.formats.gguf.SafetensorsToGguf;
import dev.halftone.formats.gguf.TensorTypePolicy;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;
import dev.halftone.schemas.VariantFormat;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link GgufVariantEncoder} over halftone-formats' safetensors-to-GGUF encoder with its named tensor-type policies
 * (q8_0, q4_k, q4_k_m: which tensors are quantized, which stay at their stored type), both branches. Bits per weight
 * are the files' bytes over the reference's weight count, so what the policy keeps unquantized is paid for.
 */
@ApplicationScoped
public class FormatsGgufEncoder implements GgufVariantEncoder {
    private static final List<String> BRANCHES = List.of("cond", "uncond");
    /** GGUF general.architecture of a Halftone DiT branch: the engine's own variant writer's, and [a-z0-9]+ as GGUF requires. */
    static final String ARCHITECTURE = "halftone";

    @Override
    public Encoded encode(Path modelDirectory, VariantFormat format, Path outputDirectory) {
        TensorTypePolicy policy = switch (format) {
            case GGUF_Q8_0 -> TensorTypePolicy.Q8_0;
            case GGUF_Q4_K -> TensorTypePolicy.Q4_K;
            case GGUF_Q4_K_M -> TensorTypePolicy.Q4_K_M;
            default -> throw new IllegalArgumentException("gguf-encoder encodes gguf formats, not " + format.wireName());
        };
        try {
            long bytes = 0;
            long weights = 0;
            for (String branch : BRANCHES) {
                Path input = modelDirectory.resolve(branch + ".safetensors");
                Path output = outputDirectory.resolve(branch + ".gguf");
                SafetensorsToGguf.encode(input, output, new SafetensorsToGguf.Options(policy, ARCHITECTURE, 1),
                        (index, count, tensor, written, total) -> { });
                bytes += Files.size(output);
                try (var file = SafetensorsFile.open(input)) {
                    weights += file.tensors().stream().filter(t -> !t.name().endsWith(".weight_scale")).mapToLong(TensorInfo::elementCount).sum();
                }
            }
            return new Encoded(bytes, 8.0 * bytes / weights);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + modelDirectory + " as " + format.wireName() + ": " + e.getMessage(), e);
        }
    }
}
