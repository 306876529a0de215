package dev.halftone.platform;

import java.net.URI;
import java.util.Objects;

/** How to reach an S3 server: endpoint URL (http or https), credentials and region. Path-style addressing is used. */
public record S3Settings(URI endpoint, String accessKey, String secretKey, String region) {
    public S3Settings {
        Objects.requireNonNull(endpoint, "s3 endpoint is required");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("s3 endpoint '" + endpoint + "' must start with http:// or https://");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("s3 access key and secret key are required");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("s3 region is required (us-east-1 for MinIO and S3Proxy)");
        }
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
