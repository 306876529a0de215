package dev.halftone.platform;

import dev.halftone.schemas.EventType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents attributes of one Halftone event, and their binary-mode Kafka headers ({@link CloudEventHeaders}).
 * Header values are UTF-8 strings, as the binding requires.
 */
public record CloudEventAttributes(String id, EventType type, URI source, Instant time, String subject) {
    public CloudEventAttributes {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(CloudEventHeaders.ID + " is required");
        }
        Objects.requireNonNull(type, CloudEventHeaders.TYPE + " is required");
        Objects.requireNonNull(source, CloudEventHeaders.SOURCE + " is required");
        Objects.requireNonNull(time, CloudEventHeaders.TIME + " is required");
    }

    /** Attributes for a new event from {@code service} about {@code subject} (the job id), with a fresh id. */
    public static CloudEventAttributes create(EventType type, String service, String subject, Instant time) {
        return new CloudEventAttributes(UUID.randomUUID().toString(), type,
                URI.create(CloudEventHeaders.SOURCE_PREFIX + ObjectKeys.segment("service", service)), time, subject);
    }

    /** The record headers, in a stable order; {@code ce_subject} is omitted when the event has no subject. */
    public Map<String, byte[]> toHeaders() {
        var headers = new LinkedHashMap<String, byte[]>();
        headers.put(CloudEventHeaders.SPEC_VERSION, utf8(CloudEventHeaders.SPEC_VERSION_1_0));
        headers.put(CloudEventHeaders.ID, utf8(id));
        headers.put(CloudEventHeaders.TYPE, utf8(type.ceType()));
        headers.put(CloudEventHeaders.SOURCE, utf8(source.toString()));
        headers.put(CloudEventHeaders.TIME, utf8(time.toString()));
        if (subject != null) {
            headers.put(CloudEventHeaders.SUBJECT, utf8(subject));
        }
        headers.put(CloudEventHeaders.CONTENT_TYPE, utf8(CloudEventHeaders.JSON));
        return headers;
    }

    /** Reads the attributes back; a missing or malformed header fails with one line naming it. */
    public static CloudEventAttributes fromHeaders(Map<String, byte[]> headers) {
        var version = header(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(version)) {
            throw new IllegalArgumentException(CloudEventHeaders.SPEC_VERSION + " is '" + version + "', only 1.0 is supported");
        }
        Instant time;
        try {
            time = Instant.parse(header(headers, CloudEventHeaders.TIME));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(CloudEventHeaders.TIME + " is not an RFC 3339 instant: " + e.getParsedString());
        }
        var subject = headers.get(CloudEventHeaders.SUBJECT);
        return new CloudEventAttributes(header(headers, CloudEventHeaders.ID),
                EventType.ofCeType(header(headers, CloudEventHeaders.TYPE)),
                URI.create(header(headers, CloudEventHeaders.SOURCE)), time,
                subject == null ? null : new String(subject, StandardCharsets.UTF_8));
    }

    private static String header(Map<String, byte[]> headers, String name) {
        var value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " is missing; Halftone records are CloudEvents in binary mode");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
