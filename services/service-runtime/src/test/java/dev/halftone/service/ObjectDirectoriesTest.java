package dev.halftone.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.platform.InMemoryObjectStore;
import dev.halftone.schemas.ObjectLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory is fetched only when the bytes it still misses fit in the free space (given here as a small disk), and
 * what is already cached at its size neither counts nor is fetched again: a restarted container keeps its /tmp.
 */
class ObjectDirectoriesTest {
    private static final ObjectLocation FOLDER = new ObjectLocation("halftone-models", "scoring/m");

    @Test
    void onlyTheMissingBytesMustFitAndCachedFilesAreKept(@TempDir Path cache) throws IOException {
        var store = new InMemoryObjectStore();
        store.ensureBucket("halftone-models");
        store.put(new ObjectLocation("halftone-models", "scoring/m/a.onnx"), new byte[1000], "application/octet-stream");
        store.put(new ObjectLocation("halftone-models", "scoring/m/b.json"), new byte[24], "application/json");
        Path local = cache.resolve("halftone-models/scoring/m");

        var e = assertThrows(UncheckedIOException.class, () -> new ObjectDirectories(store, cache, dir -> 1023).fetch(FOLDER, "model folder"));
        assertTrue(e.getMessage().contains("model folder at s3://halftone-models/scoring/m needs 1024 bytes more")
                && e.getMessage().contains("1023 free"), e.getMessage());
        assertFalse(Files.exists(local.resolve("a.onnx")), "nothing is downloaded when it cannot all fit");

        assertEquals(local, new ObjectDirectories(store, cache, dir -> 1024).fetch(FOLDER, "model folder"));
        assertEquals(1000, Files.size(local.resolve("a.onnx")));
        assertEquals(local, new ObjectDirectories(store, cache, dir -> 0).fetch(FOLDER, "model folder"),
                "both files are cached: nothing to fetch, no space needed");

        Files.write(local.resolve("a.onnx"), new byte[10]);
        e = assertThrows(UncheckedIOException.class, () -> new ObjectDirectories(store, cache, dir -> 999).fetch(FOLDER, "model folder"));
        assertTrue(e.getMessage().contains("needs 1000 bytes more"), e.getMessage());
        new ObjectDirectories(store, cache, dir -> 1000).fetch(FOLDER, "model folder");
        assertEquals(1000, Files.size(local.resolve("a.onnx")), "a file cut short is fetched again");
    }
}
