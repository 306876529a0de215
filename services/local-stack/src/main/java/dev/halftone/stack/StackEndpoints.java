package dev.halftone.stack;

import dev.halftone.platform.S3Settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where a running local stack answers: Kafka bootstrap servers, the S3 endpoint with its credentials, and its data. */
public record StackEndpoints(String bootstrapServers, URI s3Endpoint, String accessKey, String secretKey, Path dataDir) {
    public StackEndpoints {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    static StackEndpoints of(StackConfig config) {
        return new StackEndpoints(config.bootstrapServers(), URI.create(config.s3Endpoint()), S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, config.dataDir());
    }

    /** Settings for {@link dev.halftone.platform.MinioObjectStore}; S3Proxy accepts any region. */
    public S3Settings s3Settings() {
        return new S3Settings(s3Endpoint, accessKey, secretKey, "us-east-1");
    }
}
