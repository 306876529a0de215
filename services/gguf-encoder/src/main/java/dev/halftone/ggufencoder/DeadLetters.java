package dev.halftone.ggufencoder;

import dev.halftone.platform.DeadLetterEnvelope;
import dev.halftone.schemas.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes a record this service refuses to {@code halftone.dead-letter} with the reason, then lets the consumer
 * go on. The dead letter's Kafka key is the original topic (topics.json); its {@code key} field keeps the original
 * record key, the job id on job topics, so {@code halftone watch} can show the submitter the reason.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final EventJson json = new EventJson();
    private final DeadLetterEnvelope envelope;
    private final Emitter<byte[]> deadLetters;
    private final MeterRegistry meters;

    public DeadLetters(@Channel("halftone.dead-letter") Emitter<byte[]> deadLetters,
                       @ConfigProperty(name = "quarkus.application.name") String service, MeterRegistry meters) {
        this.envelope = new DeadLetterEnvelope(service, Clock.systemUTC());
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /** Sends the dead letter and waits until the broker has it, so the original may be acknowledged after. */
    public void send(Message<byte[]> original, Exception reason) {
        var kafka = original.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : kafka.getHeaders()) {
            headers.put(header.key(), header.value());
        }
        Object key = kafka.getKey();
        var letter = envelope.wrap(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                key == null ? null : String.valueOf(key), headers, original.getPayload(), reason);
        LOG.warnf("dead letter from %s[%d]@%d: %s", kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), letter.error());
        meters.counter("halftone_dead_letters_total", "topic", kafka.getTopic()).increment();
        var done = new CompletableFuture<Void>();
        var outgoing = OutgoingKafkaRecordMetadata.<String>builder().withKey(kafka.getTopic()).build();
        deadLetters.send(Message.of(json.write(letter)).addMetadata(outgoing)
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        done.join();
    }
}
