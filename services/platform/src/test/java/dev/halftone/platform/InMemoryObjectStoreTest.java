package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryObjectStoreTest {
    private final ObjectKeys keys = new ObjectKeys(Buckets.DEFAULT);

    @Test
    void behavesLikeS3(@TempDir Path tmp) throws Exception {
        try (var store = new InMemoryObjectStore()) {
            var image = keys.image("j1", "v", "s", 0, 1);
            assertThrows(MissingObjectException.class, () -> store.put(image, new byte[1], "image/png"));
            store.ensureBucket(image.bucket());
            store.ensureBucket(image.bucket());
            assertEquals(List.of("halftone-images"), store.buckets());
            store.put(image, new byte[]{1, 2, 3}, "image/png");
            assertArrayEquals(new byte[]{1, 2, 3}, store.get(image));
            assertEquals(3, store.stat(image).orElseThrow().size());

            var file = Files.write(tmp.resolve("in.bin"), new byte[]{9, 8});
            var other = keys.image("j1", "v", "s", 1, 1);
            store.upload(other, file, "image/png");
            store.download(other, tmp.resolve("out.bin"));
            assertArrayEquals(new byte[]{9, 8}, Files.readAllBytes(tmp.resolve("out.bin")));

            assertEquals(List.of(image, other), store.list("halftone-images", "jobs/j1/").stream().map(ObjectInfo::location).toList());
            assertTrue(store.list("halftone-images", "jobs/j2/").isEmpty());
            store.delete(image);
            store.delete(image);
            assertTrue(store.stat(image).isEmpty());
            var error = assertThrows(MissingObjectException.class, () -> store.get(image));
            assertEquals("s3://halftone-images/jobs/j1/v/s/0-1.png does not exist", error.getMessage());
            assertThrows(MissingObjectException.class, () -> store.get(new ObjectLocation("nobucket", "k")));
        }
    }
}
