package dev.halftone.profiler;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import dev.halftone.schemas.JobEvent;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one event as a binary-mode CloudEvent with a deterministic id, so a replayed producer emits a record
 * consumers recognise as the same event; the future completes when the broker has it.
 */
@ApplicationScoped
public class EventPublisher {
    private final EventJson json = new EventJson();
    private final URI source;

    public EventPublisher(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.source = URI.create("/halftone/" + service);
    }

    public CompletableFuture<Void> publish(Emitter<byte[]> emitter, JobEvent event, String key, String eventId) {
        var done = new CompletableFuture<Void>();
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(eventId)
                .withType(EventType.of((Record) event).ceType())
                .withSource(source)
                .withSubject(event.jobId())
                .withDataContentType("application/json")
                .build();
        var kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
        emitter.send(Message.of(json.write((Record) event), Metadata.of(cloudEvent, kafka),
                () -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }
}
