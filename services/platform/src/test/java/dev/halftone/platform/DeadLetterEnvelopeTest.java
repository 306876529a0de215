package dev.halftone.platform;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterEnvelopeTest {
    private final DeadLetterEnvelope envelope = new DeadLetterEnvelope("scorer",
            Clock.fixed(Instant.parse("2025-11-25T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void wrapsTheRecordAndTheFailureIntoAValidDeadLetter() {
        var headers = CloudEventAttributes.create(EventType.IMAGE_GENERATED, "generator", "j", Instant.EPOCH).toHeaders();
        var payload = "{\"broken\":".getBytes(StandardCharsets.UTF_8);
        var failure = new IllegalStateException("cannot score\nline two", new UncheckedIOException(new IOException("disk full")));
        var letter = envelope.wrap("halftone.image.generated", 4, 77, "j", headers, payload, failure);
        assertEquals("halftone.image.generated", letter.originalTopic());
        assertEquals(4, letter.partition());
        assertEquals(77, letter.offset());
        assertEquals("dev.halftone.image.generated.v1", letter.ceType());
        assertArrayEquals(payload, letter.payload());
        assertEquals("IllegalStateException: cannot score line two (cause: IOException: disk full)", letter.error());
        assertEquals(Instant.parse("2025-11-25T12:00:00Z"), letter.time());
        new EventJson().write(letter);
    }

    @Test
    void oversizedPayloadIsCutAndSaysSo() {
        var letter = envelope.wrap("t", 0, 0, null, null, new byte[DeadLetterEnvelope.MAX_PAYLOAD_BYTES + 10], new RuntimeException());
        assertEquals(DeadLetterEnvelope.MAX_PAYLOAD_BYTES, letter.payload().length);
        assertTrue(letter.error().startsWith("payload cut from 1048586 to 1048576 bytes"), letter.error());
        assertNull(letter.ceType());
        new EventJson().write(letter);
    }
}
