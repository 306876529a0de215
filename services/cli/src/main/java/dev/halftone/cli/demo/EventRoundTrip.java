package dev.halftone.cli.demo;

import dev.halftone.platform.CloudEventAttributes;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import dev.halftone.schemas.JobEvent;
import dev.halftone.schemas.TopicCatalogue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one event as a binary-mode CloudEvent on its catalogue topic and reads that exact record back,
 * checking headers and payload against the schema: proof that the broker and the contracts work together.
 */
final class EventRoundTrip {
    /** Where the record landed and what came back. */
    record Delivery(String topic, int partition, long offset, CloudEventAttributes attributes, Record event) {
    }

    private final String bootstrapServers;
    private final EventJson json = new EventJson();

    EventRoundTrip(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Delivery send(JobEvent event, String service) throws Exception {
        var type = EventType.of((Record) event);
        var topic = TopicCatalogue.load().topicFor(type).topic();
        var attributes = CloudEventAttributes.create(type, service, event.jobId(), Instant.now());
        var record = new ProducerRecord<String, byte[]>(topic, event.jobId(), json.write((Record) event));
        attributes.toHeaders().forEach((name, value) -> record.headers().add(name, value));
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            var metadata = producer.send(record).get(30, TimeUnit.SECONDS);
            return readBack(new TopicPartition(topic, metadata.partition()), metadata.offset(), type);
        }
    }

    private Delivery readBack(TopicPartition partition, long offset, EventType type) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var received : consumer.poll(Duration.ofMillis(500))) {
                    if (received.offset() == offset) {
                        var headers = new HashMap<String, byte[]>();
                        received.headers().forEach(header -> headers.put(header.key(), header.value()));
                        return new Delivery(partition.topic(), partition.partition(), offset,
                                CloudEventAttributes.fromHeaders(headers), json.read(received.value(), type));
                    }
                }
            }
        }
        throw new IllegalStateException("the record at " + partition + " offset " + offset + " did not come back within 30 s");
    }
}
