package dev.halftone.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.halftone.platform.InMemoryObjectStore;
import dev.halftone.schemas.ObjectLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An object-store model folder is fetched once; what is already cached does not count against the free space. */
class ModelFoldersTest {

    @Test
    void onlyFilesNotCachedAtTheirSizeCountAsBytesToFetch(@TempDir Path cache) throws IOException {
        var store = new InMemoryObjectStore();
        store.ensureBucket("halftone-models");
        store.put(new ObjectLocation("halftone-models", "scoring/m/a.onnx"), new byte[1000], "application/octet-stream");
        store.put(new ObjectLocation("halftone-models", "scoring/m/b.json"), new byte[24], "application/json");
        var folders = new ModelFolders(store, cache);
        var files = store.list("halftone-models", "scoring/m/");
        assertEquals(1024, folders.bytesToFetch(files));

        Path folder = folders.resolve("s3://halftone-models/scoring/m/");
        assertEquals(cache.resolve("halftone-models/scoring/m"), folder);
        assertEquals(1000, Files.size(folder.resolve("a.onnx")));
        assertEquals(0, folders.bytesToFetch(files), "a restarted scorer finds both cached");

        Files.write(folder.resolve("a.onnx"), new byte[10]);
        assertEquals(1000, folders.bytesToFetch(files), "a file cut short is fetched again");
    }
}
