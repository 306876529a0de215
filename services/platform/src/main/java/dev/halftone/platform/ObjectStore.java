package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Halftone's view of S3: whole objects, addressed by {@link ObjectLocation}s that {@link ObjectKeys} built.
 * {@link MinioObjectStore} talks to MinIO or any S3 server; {@link InMemoryObjectStore} is the unit-test fake.
 */
public interface ObjectStore extends AutoCloseable {
    /** Creates the bucket unless it exists. */
    void ensureBucket(String bucket);

    List<String> buckets();

    void put(ObjectLocation location, byte[] content, String contentType);

    /** Uploads a file (multipart when large), so weights never have to fit in memory. */
    void upload(ObjectLocation location, Path file, String contentType);

    /** @throws MissingObjectException when the object or its bucket does not exist */
    byte[] get(ObjectLocation location);

    /** Writes the object to {@code target}, replacing it. @throws MissingObjectException when absent */
    void download(ObjectLocation location, Path target);

    Optional<ObjectInfo> stat(ObjectLocation location);

    /** Objects whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String bucket, String prefix);

    /** Deletes the object; deleting an absent object is not an error (S3 semantics). */
    void delete(ObjectLocation location);

    @Override
    void close();
}
