package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** An {@link ObjectStore} in memory, for unit tests only: same contract, including missing buckets. */
public final class InMemoryObjectStore implements ObjectStore {
    private final ConcurrentMap<String, ConcurrentSkipListMap<String, byte[]>> buckets = new ConcurrentHashMap<>();

    @Override
    public void ensureBucket(String bucket) {
        buckets.computeIfAbsent(bucket, name -> new ConcurrentSkipListMap<>());
    }

    @Override
    public List<String> buckets() {
        return buckets.keySet().stream().sorted().toList();
    }

    @Override
    public void put(ObjectLocation location, byte[] content, String contentType) {
        bucket(location).put(location.key(), content.clone());
    }

    @Override
    public void upload(ObjectLocation location, Path file, String contentType) {
        try {
            put(location, Files.readAllBytes(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public byte[] get(ObjectLocation location) {
        var content = bucket(location).get(location.key());
        if (content == null) {
            throw new MissingObjectException(location);
        }
        return content.clone();
    }

    @Override
    public void download(ObjectLocation location, Path target) {
        try {
            Files.write(target, get(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectLocation location) {
        var objects = buckets.get(location.bucket());
        var content = objects == null ? null : objects.get(location.key());
        return content == null ? Optional.empty() : Optional.of(new ObjectInfo(location, content.length));
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        var objects = buckets.get(bucket);
        if (objects == null) {
            throw new MissingObjectException(new ObjectLocation(bucket, "bucket"));
        }
        var infos = new ArrayList<ObjectInfo>();
        objects.tailMap(prefix).forEach((key, content) -> {
            if (key.startsWith(prefix)) {
                infos.add(new ObjectInfo(new ObjectLocation(bucket, key), content.length));
            }
        });
        infos.sort(Comparator.comparing(info -> info.location().key()));
        return List.copyOf(infos);
    }

    @Override
    public void delete(ObjectLocation location) {
        bucket(location).remove(location.key());
    }

    @Override
    public void close() {
        buckets.clear();
    }

    private ConcurrentSkipListMap<String, byte[]> bucket(ObjectLocation location) {
        var objects = buckets.get(location.bucket());
        if (objects == null) {
            throw new MissingObjectException(location);
        }
        return objects;
    }
}
