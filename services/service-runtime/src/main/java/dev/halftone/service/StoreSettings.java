package dev.halftone.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;

/**
 * How to reach the object store. Defaults read the {@code quarkus.minio.*} keys the Kubernetes manifests set
 * (docs/operations.md), so one environment serves every service.
 */
@ConfigMapping(prefix = "halftone.s3")
public interface StoreSettings {

    @WithDefault("${quarkus.minio.url:http://127.0.0.1:9000}")
    URI endpoint();

    @WithDefault("${quarkus.minio.access-key:halftone}")
    String accessKey();

    @WithDefault("${quarkus.minio.secret-key:halftone-secret}")
    String secretKey();

    @WithDefault("us-east-1")
    String region();
}
