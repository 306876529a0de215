package dev.halftone.service;

import dev.halftone.platform.CloudEventAttributes;
import dev.halftone.platform.CloudEventHeaders;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import dev.halftone.schemas.JobEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one event as a binary-mode CloudEvent (platform's headers) whose id is a function of what it reports,
 * so a replayed producer emits a record consumers recognise as the same event; the future completes when the
 * broker has it.
 */
@ApplicationScoped
public class EventPublisher {
    private final EventJson json = new EventJson();
    private final URI source;

    public EventPublisher(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.source = URI.create(CloudEventHeaders.SOURCE_PREFIX + service);
    }

    /** Publishes a job's event; its CloudEvent subject is the job id. */
    public CompletableFuture<Void> publish(Emitter<byte[]> emitter, JobEvent event, String key, String eventId) {
        return publish(emitter, (Record) event, event.jobId(), key, eventId);
    }

    /** Publishes any catalogued event; {@code subject} may be null (a dead letter of a record that had none). */
    public CompletableFuture<Void> publish(Emitter<byte[]> emitter, Record event, String subject, String key, String eventId) {
        var attributes = new CloudEventAttributes(eventId, EventType.of(event), source, Instant.now(), subject);
        var headers = new RecordHeaders();
        attributes.toHeaders().forEach(headers::add);
        var kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
        var done = new CompletableFuture<Void>();
        emitter.send(Message.of(json.write(event)).addMetadata(kafka)
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }
}
