package dev.halftone.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The one JSON serde for event payloads (a CloudEvent's data in binary mode). Reading validates against the schema
 * first, so a bad payload fails with JSON paths rather than a Jackson stack trace; writing validates what it wrote,
 * so no producer can emit an event its consumers would reject.
 */
public final class EventJson {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final EventSchemas schemas;

    public EventJson(EventSchemas schemas) {
        this.schemas = schemas;
    }

    public EventJson() {
        this(new EventSchemas());
    }

    public byte[] write(Record event) {
        var type = EventType.of(event);
        var tree = mapper.<JsonNode>valueToTree(event);
        schemas.validate(type, tree);
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + type.ceType(), e);
        }
    }

    public <T extends Record> T read(byte[] payload, Class<T> recordClass) {
        var type = typeOf(recordClass);
        return recordClass.cast(read(payload, type));
    }

    /** Reads a payload whose type is known only from its {@code ce_type} header. */
    public Record read(byte[] payload, EventType type) {
        JsonNode tree;
        try {
            tree = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type, "not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidEventException(type, "unreadable payload (" + e.getMessage() + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidEventException(type, "empty payload", null);
        }
        schemas.validate(type, tree);
        try {
            return mapper.treeToValue(tree, type.recordClass());
        } catch (ValueInstantiationException e) {
            // a record rule the schema cannot express (unique names, done <= expected): report the record's message
            var cause = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new InvalidEventException(type, cause, e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type, e.getOriginalMessage(), e);
        }
    }

    /** The mapper's tree form of an event, as written on the wire (for tests and tools). */
    public JsonNode tree(Record event) {
        return mapper.valueToTree(event);
    }

    public JsonNode tree(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static EventType typeOf(Class<? extends Record> recordClass) {
        for (var type : EventType.values()) {
            if (type.recordClass() == recordClass) {
                return type;
            }
        }
        throw new IllegalArgumentException(recordClass.getName() + " is not a Halftone event record");
    }
}
