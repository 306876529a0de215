package dev.halftone.service;

import dev.halftone.platform.CloudEventHeaders;
import dev.halftone.platform.DeadLetterEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routes a record this service refuses to {@code halftone.dead-letter} as a {@code dev.halftone.dead.letter.v1}
 * CloudEvent (the envelope of docs/events.md: original topic, partition, offset, key, payload, error, service,
 * time), then lets the consumer go on. The dead letter's Kafka key is the original topic (topics.json); its
 * {@code key} field keeps the original record key, the job id on job topics, and its {@code ce_subject} the
 * original's, so {@code halftone watch} can show the submitter the reason. The channel is not named after the
 * topic because stats also consumes that topic and one channel name cannot be both; each service maps
 * {@code dead-letters-out} to the topic.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final DeadLetterEnvelope envelope;
    private final Emitter<byte[]> deadLetters;
    private final EventPublisher publisher;
    private final MeterRegistry meters;

    public DeadLetters(@Channel("dead-letters-out") Emitter<byte[]> deadLetters, EventPublisher publisher,
                       @ConfigProperty(name = "quarkus.application.name") String service, MeterRegistry meters) {
        this.envelope = new DeadLetterEnvelope(service, Clock.systemUTC());
        this.deadLetters = deadLetters;
        this.publisher = publisher;
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
        byte[] subject = headers.get(CloudEventHeaders.SUBJECT);
        // a function of the original record's position: a replayed refusal is recognisably the same dead letter
        String eventId = kafka.getTopic() + "/" + kafka.getPartition() + "/" + kafka.getOffset() + "/dead-letter";
        publisher.publish(deadLetters, letter, subject == null ? null : new String(subject, StandardCharsets.UTF_8),
                kafka.getTopic(), eventId).join();
    }
}
