package dev.halftone.ggufencoder;

import dev.halftone.schemas.ContractBounds;
import dev.halftone.schemas.DeadLetter;
import dev.halftone.schemas.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * Routes a record this service refuses to the dead-letter topic with the reason, then lets the consumer go on.
 * The dead letter's Kafka key is the original topic (topics.json); its {@code key} field keeps the original record
 * key, which for job topics is the job id, so {@code halftone watch} can show the submitter the reason.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final EventJson json = new EventJson();
    private final Emitter<byte[]> deadLetters;
    private final String service;
    private final MeterRegistry meters;

    public DeadLetters(@Channel("halftone.dead-letter") Emitter<byte[]> deadLetters,
                       @ConfigProperty(name = "quarkus.application.name") String service, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.service = service;
        this.meters = meters;
    }

    /** Sends the dead letter and waits until the broker has it, so the original may be acknowledged after. */
    public void send(Message<byte[]> original, Exception reason) {
        var kafka = original.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        String ceType = original.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse(null);
        byte[] payload = original.getPayload() == null ? new byte[0] : original.getPayload();
        int maxPayload = ContractBounds.MAX_PAYLOAD_BASE64_LENGTH / 4 * 3;
        // an abusive record may exceed the dead letter's payload bound: keep its head, say so in the reason
        String error = oneLine(reason);
        if (payload.length > maxPayload) {
            error = error + " (payload cut from " + payload.length + " bytes)";
            payload = Arrays.copyOf(payload, maxPayload);
        }
        Object key = kafka.getKey();
        String keyText = key == null ? null : cut(String.valueOf(key), ContractBounds.MAX_KEY_LENGTH);
        var letter = new DeadLetter(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), keyText,
                ceType == null ? null : cut(ceType, 256), Base64.getEncoder().encodeToString(payload),
                cut(error, ContractBounds.MAX_ERROR_LENGTH), service, Instant.now());
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

    private static String oneLine(Exception reason) {
        String message = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        return message.isBlank() ? reason.getClass().getSimpleName() : message.replaceAll("\\s+", " ");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
