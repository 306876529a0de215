package dev.halftone.platform;

import dev.halftone.schemas.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the {@link DeadLetter} for a record a service could not process: where it came from, its bytes, its
 * {@code ce_type} when it had one, and the failure as one line. Oversized payloads are cut to the schema's 1 MiB so
 * the dead letter itself can always be published; the error says so.
 */
public final class DeadLetterEnvelope {
    /** The largest payload a dead letter keeps (docs/events.md). */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    private static final int MAX_ERROR_CHARS = 4_000;

    private final String service;
    private final Clock clock;

    public DeadLetterEnvelope(String service, Clock clock) {
        this.service = ObjectKeys.segment("service", service);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DeadLetter wrap(String topic, int partition, long offset, String key, Map<String, byte[]> headers,
                           byte[] payload, Throwable failure) {
        var body = payload == null ? new byte[0] : payload;
        var error = oneLine(failure);
        if (body.length > MAX_PAYLOAD_BYTES) {
            error = "payload cut from " + body.length + " to " + MAX_PAYLOAD_BYTES + " bytes; " + error;
            body = Arrays.copyOf(body, MAX_PAYLOAD_BYTES);
        }
        var type = headers == null ? null : headers.get(CloudEventHeaders.TYPE);
        return new DeadLetter(topic, partition, offset, key,
                type == null ? null : new String(type, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(body),
                error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error,
                service, clock.instant());
    }

    /** Exception class and message of the failure and its root cause, on one line. */
    private static String oneLine(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        var root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var text = describe(failure) + (root == failure ? "" : " (cause: " + describe(root) + ")");
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
