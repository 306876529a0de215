package dev.halftone.engine.load;

import dev.halftone.engine.model.DiTConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model on disk (docs/model.md §6): config.json, text_encoder.safetensors, the reference branches
 * cond/uncond.safetensors, and quantized variants under variants/&lt;name&gt;/. The engine takes every dtype from the
 * files, so a trained checkpoint and the seeded initial one are interchangeable.
 */
public record ModelDirectory(Path root) {

    /** The variant served by the root's own branch files (the FP8 reference or a bf16 master). */
    public static final String REFERENCE = "reference";

    public ModelDirectory {
        if (root == null) {
            throw new IllegalArgumentException("model directory must not be null");
        }
    }

    public Path configFile() {
        return root.resolve("config.json");
    }

    public Path textEncoderFile() {
        return root.resolve("text_encoder.safetensors");
    }

    public DiTConfig config() throws IOException {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            throw new IOException("model directory " + root + " has no config.json");
        }
        return ConfigJson.parse(Files.readAllBytes(file));
    }

    /** The folder holding a variant's branch files. */
    public Path variantFolder(String variant) {
        if (REFERENCE.equals(variant)) {
            return root;
        }
        if (variant == null || variant.isBlank() || variant.contains("/") || variant.contains("..")) {
            throw new IllegalArgumentException("invalid variant name \"" + variant + "\"");
        }
        return root.resolve("variants").resolve(variant);
    }

    /** The branch's file in a variant: {@code <stem>.safetensors} or {@code <stem>.gguf}, whichever exists. */
    public Path branchFile(String variant, Branch branch) throws IOException {
        Path folder = variantFolder(variant);
        Path safetensors = folder.resolve(branch.fileStem() + ".safetensors");
        Path gguf = folder.resolve(branch.fileStem() + ".gguf");
        if (Files.isRegularFile(safetensors)) {
            return safetensors;
        }
        if (Files.isRegularFile(gguf)) {
            return gguf;
        }
        throw new IOException("variant \"" + variant + "\" has no " + branch.fileStem() + ".safetensors or "
                + branch.fileStem() + ".gguf in " + folder + "; variants here: " + variants());
    }

    /** "reference" plus every folder under variants/, sorted. */
    public List<String> variants() throws IOException {
        List<String> names = new ArrayList<>();
        names.add(REFERENCE);
        Path folder = root.resolve("variants");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            }
        }
        return names;
    }
}
