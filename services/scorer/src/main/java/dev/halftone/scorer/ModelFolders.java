package dev.halftone.scorer;

import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.ObjectDirectories;

import java.nio.file.Path;

/**
 * Turns a model setting's value into a local folder: a path is used as it is; {@code s3://bucket/prefix} is fetched
 * from the object store into the model cache first (ObjectDirectories: once per pod, after a free-space check), so
 * every scorer replica of a fleet reads the same models from where the checkpoints are kept.
 */
final class ModelFolders {
    private static final String S3 = "s3://";

    private final ObjectDirectories directories;

    ModelFolders(ObjectStore store, Path cache) {
        this.directories = new ObjectDirectories(store, cache);
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
        return directories.fetch(folder, "model folder");
    }
}
