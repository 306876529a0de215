package dev.halftone.schemas;

import java.util.List;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;
import static dev.halftone.schemas.FieldCheck.size;

/** One topic of the catalogue: the event it carries, its record key, sizing, retention and who writes and reads it. */
public record TopicSpec(String topic, String eventType, String schema, String key, int partitions, long retentionMs,
                        List<String> producers, List<String> consumers) {
    public TopicSpec {
        matches("topic", topic, ContractBounds.TOPIC);
        EventType.ofCeType(present("eventType of " + topic, eventType));
        present("schema of " + topic, schema);
        if (!schema.equals(EventType.ofCeType(eventType).schemaResource())) {
            throw new IllegalArgumentException("topic " + topic + " names schema " + schema + " but "
                    + eventType + " uses " + EventType.ofCeType(eventType).schemaResource());
        }
        present("key of " + topic, key);
        range("partitions of " + topic, partitions, 1, 1024);
        range("retentionMs of " + topic, retentionMs, 60_000, Long.MAX_VALUE);
        producers = List.copyOf(size("producers of " + topic, producers, 1, 32));
        consumers = List.copyOf(size("consumers of " + topic, consumers, 1, 32));
    }

    public EventType type() {
        return EventType.ofCeType(eventType);
    }
}
