package dev.halftone.service;

import dev.halftone.platform.ObjectInfo;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Moves whole directories (a model, a variant, a profile, the scorer's model folders) between the object store and a
 * local cache. A fetched file is kept while its size matches, so a model is downloaded once per process (or per pod,
 * whose /tmp survives a container restart), not once per job. Before the first byte is downloaded, the bytes still
 * missing are checked against the free space where they go, so a directory that cannot fit fails at once with both
 * figures instead of filling the disk part-way.
 */
public final class ObjectDirectories {
    private final ObjectStore store;
    private final Path cache;
    private final ToLongFunction<Path> usableSpace;

    public ObjectDirectories(ObjectStore store, Path cache) {
        this(store, cache, ObjectDirectories::usableSpace);
    }

    /** @param usableSpace the bytes free on the file system of an existing directory (tests stand in a small disk) */
    ObjectDirectories(ObjectStore store, Path cache, ToLongFunction<Path> usableSpace) {
        this.store = store;
        this.cache = cache;
        this.usableSpace = usableSpace;
    }

    /** @throws IllegalArgumentException when nothing is stored under the prefix */
    public List<ObjectInfo> list(ObjectLocation directory, String what) {
        var files = store.list(directory.bucket(), directory.key() + "/");
        if (files.isEmpty()) {
            throw new IllegalArgumentException(what + " does not exist at " + directory.uri());
        }
        return files;
    }

    /** Fetches a study's model directory (both branches, config, stored variants) into the cache. */
    public Path fetchModel(ModelReference model) {
        return fetch(model.location(), "model " + model.name());
    }

    /** Copies every object under the prefix into the cache; the local path mirrors bucket and key. */
    public Path fetch(ObjectLocation directory, String what) {
        Path target = cache.resolve(directory.bucket()).resolve(directory.key()).normalize();
        if (!target.startsWith(cache)) {
            throw new IllegalArgumentException(what + " location escapes the cache: " + directory.uri());
        }
        return fetchInto(directory, target, what);
    }

    /**
     * Copies every object under the prefix into {@code target}, keeping relative paths.
     *
     * @throws UncheckedIOException when the files not yet there at their size need more bytes than are free
     */
    public Path fetchInto(ObjectLocation directory, Path target, String what) {
        Map<ObjectInfo, Path> missing = new LinkedHashMap<>();
        long bytes = 0;
        try {
            for (ObjectInfo file : list(directory, what)) {
                Path local = target.resolve(file.location().key().substring(directory.key().length() + 1)).normalize();
                if (!local.startsWith(target)) {
                    throw new IllegalArgumentException(what + " has an object escaping its prefix: " + file.location().uri());
                }
                if (!Files.exists(local) || Files.size(local) != file.size()) {
                    missing.put(file, local);
                    bytes += file.size();
                }
            }
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + target + " for " + what, e);
        }
        long free = usableSpace.applyAsLong(target);
        if (bytes > free) {
            String message = what + " at " + directory.uri() + " needs " + bytes + " bytes more in " + target
                    + ", which has " + free + " free";
            throw new UncheckedIOException(message, new IOException(message));
        }
        missing.forEach((file, local) -> {
            try {
                Files.createDirectories(local.getParent());
                store.download(file.location(), local);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch " + file.location().uri(), e);
            }
        });
        return target;
    }

    private static long usableSpace(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + directory, e);
        }
    }

    /** Uploads every regular file of the directory (not sub-directories) under the prefix. */
    public ObjectLocation upload(Path directory, ObjectLocation prefix) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                store.upload(ObjectKeys.under(prefix, file.getFileName().toString()), file, "application/octet-stream");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return prefix;
    }
}
