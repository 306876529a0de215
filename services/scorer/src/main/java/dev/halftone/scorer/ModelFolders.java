package dev.halftone.scorer;

import dev.halftone.platform.ObjectInfo;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.ObjectDirectories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a model setting's value into a local folder: a path is used as it is; {@code s3://bucket/prefix} is fetched
 * from the object store into the model cache first (once per process and size), so every scorer replica of a fleet
 * reads the same models from where the checkpoints are kept. The bytes still to fetch are checked against the cache's
 * free space before any byte is downloaded.
 */
final class ModelFolders {
    private static final String S3 = "s3://";

    private final ObjectStore store;
    private final Path cache;

    ModelFolders(ObjectStore store, Path cache) {
        this.store = store;
        this.cache = cache;
    }

    Path resolve(String value) {
        if (!value.startsWith(S3)) {
            return Path.of(value);
        }
        String bucketAndPrefix = value.substring(S3.length()).replaceAll("/+$", "");
        int slash = bucketAndPrefix.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("an object-store model folder is s3://<bucket>/<prefix>, got " + value);
        }
        var folder = new ObjectLocation(bucketAndPrefix.substring(0, slash), bucketAndPrefix.substring(slash + 1));
        var directories = new ObjectDirectories(store, cache);
        try {
            Files.createDirectories(cache);
            long missing = bytesToFetch(directories.list(folder, "model folder"));
            long free = Files.getFileStore(cache).getUsableSpace();
            if (missing > free) {
                throw new IllegalArgumentException("model folder " + folder.uri() + " needs " + missing + " bytes more, "
                        + "the model cache " + cache + " has " + free + " free");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the model cache " + cache, e);
        }
        return directories.fetch(folder, "model folder");
    }

    /**
     * The bytes of the files not yet in the cache at their listed size (ObjectDirectories.fetch keeps an object at
     * cache/bucket/key and skips it when the size matches): a restarted container keeps its /tmp, and its cached
     * models must not count against the free space a second time.
     */
    long bytesToFetch(List<ObjectInfo> files) throws IOException {
        long missing = 0;
        for (ObjectInfo file : files) {
            Path local = cache.resolve(file.location().bucket()).resolve(file.location().key()).normalize();
            if (!(local.startsWith(cache) && Files.isRegularFile(local) && Files.size(local) == file.size())) {
                missing += file.size();
            }
        }
        return missing;
    }
}
