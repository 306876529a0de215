package dev.halftone.cli.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ObjectLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts a model directory (docs/model.md §6, without its local variants) and its prompt set where studies find
 * them: {@link ObjectKeys#modelDirectory} and {@link ObjectKeys#promptSet}. Uploading again overwrites identical
 * objects, so the demo may run it every time.
 */
final class ModelUploader {
    private final ObjectStore store;
    private final ObjectKeys keys;

    ModelUploader(ObjectStore store, ObjectKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    ObjectLocation upload(String model, Path directory, List<String> prompts) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                store.upload(keys.modelFile(model, file.getFileName().toString()), file, "application/octet-stream");
            }
            store.put(keys.promptSet(model), new ObjectMapper().writeValueAsBytes(prompts), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload model " + model + " from " + directory, e);
        }
        return keys.modelDirectory(model);
    }
}
