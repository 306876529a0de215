package dev.halftone.platform;

import dev.halftone.schemas.EventType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudEventAttributesTest {
    @Test
    void headersRoundTripInBinaryMode() {
        var attributes = CloudEventAttributes.create(EventType.VARIANT_READY, "quantizer", "job-1", Instant.parse("2025-11-25T10:00:00Z"));
        var headers = attributes.toHeaders();
        assertEquals(List.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject", "content-type"), List.copyOf(headers.keySet()));
        assertEquals("dev.halftone.variant.ready.v1", new String(headers.get("ce_type"), StandardCharsets.UTF_8));
        assertEquals("/halftone/quantizer", new String(headers.get("ce_source"), StandardCharsets.UTF_8));
        assertEquals("job-1", new String(headers.get("ce_subject"), StandardCharsets.UTF_8));
        assertEquals(attributes, CloudEventAttributes.fromHeaders(headers));
    }

    @Test
    void missingOrWrongHeadersAreNamed() {
        var headers = new HashMap<>(CloudEventAttributes.create(EventType.JOB_PROGRESS, "stats", "j", Instant.EPOCH).toHeaders());
        headers.remove(CloudEventHeaders.ID);
        assertEquals("header ce_id is missing; Halftone records are CloudEvents in binary mode",
                assertThrows(IllegalArgumentException.class, () -> CloudEventAttributes.fromHeaders(headers)).getMessage());
        headers.put(CloudEventHeaders.ID, "x".getBytes(StandardCharsets.UTF_8));
        headers.put(CloudEventHeaders.SPEC_VERSION, "0.3".getBytes(StandardCharsets.UTF_8));
        assertEquals("ce_specversion is '0.3', only 1.0 is supported",
                assertThrows(IllegalArgumentException.class, () -> CloudEventAttributes.fromHeaders(headers)).getMessage());
    }
}
