package dev.halftone.cli.swarm;

import dev.halftone.platform.CloudEventAttributes;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.TopicCatalogue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes a study on {@code halftone.job.submitted} as a binary-mode CloudEvent keyed by the job id. */
final class JobSubmitter {
    private final EventJson json = new EventJson();
    private final String bootstrapServers;

    JobSubmitter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void submit(JobSubmitted study) {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String topic = TopicCatalogue.load().topicFor(EventType.JOB_SUBMITTED).topic();
        var record = new ProducerRecord<String, byte[]>(topic, study.jobId(), json.write(study));
        CloudEventAttributes.create(EventType.JOB_SUBMITTED, "cli", study.jobId(), Instant.now())
                .toHeaders().forEach((name, value) -> record.headers().add(name, value));
        try (var producer = new KafkaProducer<String, byte[]>(properties)) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the study to " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the study", e);
        }
    }
}
