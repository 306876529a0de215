package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Bucket;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ObjectStore} over the MinIO Java SDK: MinIO in production, S3Proxy in the local stack. */
public final class MinioObjectStore implements ObjectStore {
    private static final Set<String> MISSING_CODES = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient client;
    private final S3Settings settings;

    public MinioObjectStore(S3Settings settings) {
        this.settings = settings;
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint().toString())
                .credentials(settings.accessKey(), settings.secretKey())
                // a fixed region spares the SDK a GetBucketLocation round trip before every first call
                .region(settings.region())
                .build();
    }

    @Override
    public void ensureBucket(String bucket) {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    @Override
    public List<String> buckets() {
        return call("list buckets", () -> client.listBuckets().stream().map(Bucket::name).sorted().toList());
    }

    @Override
    public void put(ObjectLocation location, byte[] content, String contentType) {
        call("put " + location.uri(), () -> client.putObject(PutObjectArgs.builder()
                .bucket(location.bucket()).object(location.key())
                .stream(new ByteArrayInputStream(content), content.length, -1)
                .contentType(contentType).build()));
    }

    @Override
    public void upload(ObjectLocation location, Path file, String contentType) {
        call("upload " + file + " to " + location.uri(), () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(location.bucket()).object(location.key())
                .filename(file.toString()).contentType(contentType).build()));
    }

    @Override
    public byte[] get(ObjectLocation location) {
        return read(location, InputStream::readAllBytes);
    }

    @Override
    public void download(ObjectLocation location, Path target) {
        read(location, in -> Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectLocation location) {
        try {
            return Optional.of(call("stat " + location.uri(), () -> {
                var stat = client.statObject(StatObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
                return new ObjectInfo(location, stat.size());
            }));
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        return call("list s3://" + bucket + "/" + prefix, () -> {
            var infos = new ArrayList<ObjectInfo>();
            for (var result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                var item = result.get();
                infos.add(new ObjectInfo(new ObjectLocation(bucket, item.objectName()), item.size()));
            }
            infos.sort(Comparator.comparing(info -> info.location().key()));
            return List.copyOf(infos);
        });
    }

    @Override
    public void delete(ObjectLocation location) {
        call("delete " + location.uri(), () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
            return null;
        });
    }

    @Override
    public void close() {
        try {
            // the SDK's OkHttp pool keeps the JVM alive for a minute unless closed
            client.close();
        } catch (Exception e) {
            throw new ObjectStoreException("closing the S3 client for " + settings.endpoint() + " failed", e);
        }
    }

    private <T> T read(ObjectLocation location, StreamReader<T> reader) {
        return call("get " + location.uri(), () -> {
            try (var in = client.getObject(GetObjectArgs.builder().bucket(location.bucket()).object(location.key()).build())) {
                return reader.read(in);
            }
        }, location);
    }

    private <T> T call(String operation, S3Call<T> body) {
        return call(operation, body, null);
    }

    private <T> T call(String operation, S3Call<T> body, ObjectLocation location) {
        try {
            return body.call();
        } catch (ErrorResponseException e) {
            var code = e.errorResponse().code();
            if (MISSING_CODES.contains(code)) {
                throw new MissingObjectException(location != null ? location
                        : new ObjectLocation(e.errorResponse().bucketName(), e.errorResponse().objectName() == null
                        ? "bucket" : e.errorResponse().objectName()));
            }
            throw new ObjectStoreException(operation + " failed at " + settings.endpoint() + ": " + code + " " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException(operation + " failed at " + settings.endpoint() + ": " + e, e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T call() throws Exception;
    }

    @FunctionalInterface
    private interface StreamReader<T> {
        T read(InputStream in) throws Exception;
    }
}
