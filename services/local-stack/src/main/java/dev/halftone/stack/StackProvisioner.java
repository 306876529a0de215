package dev.halftone.stack;

import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.schemas.TopicCatalogue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the catalogue's topics (partitions, retention) and the buckets; idempotent, so a restart keeps the data. */
final class StackProvisioner {
    private StackProvisioner() {
    }

    static void createTopics(Admin admin, TopicCatalogue catalogue) {
        var topics = catalogue.topics().stream()
                .map(spec -> new NewTopic(spec.topic(), spec.partitions(), (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retentionMs()))))
                .toList();
        var results = admin.createTopics(topics).values();
        for (var result : results.entrySet()) {
            try {
                result.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new StackException("cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(), e);
                }
            } catch (Exception e) {
                throw new StackException("cannot create topic " + result.getKey() + ": " + e, e);
            }
        }
    }

    static void createBuckets(StackEndpoints endpoints, Buckets buckets) {
        try (var store = new MinioObjectStore(endpoints.s3Settings())) {
            buckets.all().forEach(store::ensureBucket);
        }
    }
}
