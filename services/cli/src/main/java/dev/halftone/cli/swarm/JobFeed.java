package dev.halftone.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halftone.schemas.DeadLetter;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import dev.halftone.schemas.JobProgress;
import dev.halftone.schemas.ReportPublished;
import dev.halftone.schemas.TopicCatalogue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads one job's results from the result topics, from their beginning, without a consumer group (so any number
 * of watchers can re-attach at any time): progress, the published report, and dead letters that concern the job.
 */
public final class JobFeed implements AutoCloseable {
    /** What a watcher is told. */
    public interface Listener {
        void progress(JobProgress progress);

        void deadLetter(DeadLetter letter);

        /** Returns true to stop reading. */
        boolean report(ReportPublished report);

        /** A record on a result topic that is not a readable event; the services dead-letter their own bad input. */
        void unreadable(String topic, String reason);
    }

    private final EventJson json = new EventJson();
    private final KafkaConsumer<String, byte[]> consumer;
    private final String jobId;
    private final String progressTopic;
    private final String reportTopic;
    private final String deadLetterTopic;

    public JobFeed(String bootstrapServers, String jobId) {
        this.jobId = jobId;
        var catalogue = TopicCatalogue.load();
        progressTopic = catalogue.topicFor(EventType.JOB_PROGRESS).topic();
        reportTopic = catalogue.topicFor(EventType.REPORT_PUBLISHED).topic();
        deadLetterTopic = catalogue.topicFor(EventType.DEAD_LETTER).topic();
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(progressTopic, reportTopic, deadLetterTopic)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until the listener asks to stop or {@code timeout} passes; returns false on timeout. */
    public boolean follow(Listener listener, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (dispatch(record, listener)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean dispatch(ConsumerRecord<String, byte[]> record, Listener listener) {
        try {
            if (record.topic().equals(progressTopic) && jobId.equals(record.key())) {
                listener.progress(json.read(record.value(), JobProgress.class));
            } else if (record.topic().equals(reportTopic) && jobId.equals(record.key())) {
                return listener.report(json.read(record.value(), ReportPublished.class));
            } else if (record.topic().equals(deadLetterTopic)) {
                DeadLetter letter = json.read(record.value(), DeadLetter.class);
                if (concernsJob(letter)) {
                    listener.deadLetter(letter);
                }
            }
        } catch (RuntimeException e) {
            listener.unreadable(record.topic(), e.getMessage());
        }
        return false;
    }

    /** The dead letter's original key is the job id on job-keyed topics; generate tasks carry it in the payload. */
    private boolean concernsJob(DeadLetter letter) {
        if (jobId.equals(letter.key())) {
            return true;
        }
        try {
            JsonNode payload = json.tree(letter.payload());
            return payload.isObject() && jobId.equals(payload.path("jobId").asText(null));
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
