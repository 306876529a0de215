package dev.halftone.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Base64;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.maxLength;
import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/**
 * {@code dev.halftone.dead.letter.v1}: a record a service could not process, where it came from and why.
 * The payload is kept byte for byte (base64) so the record can be replayed; {@code key} and {@code ceType} are
 * absent when the original record had none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(String originalTopic, int partition, long offset, String key, String ceType,
                         String payloadBase64, String error, String service, Instant time) {
    public DeadLetter {
        matches("originalTopic", originalTopic, ContractBounds.TOPIC);
        range("partition", partition, 0, Integer.MAX_VALUE);
        range("offset", offset, 0, Long.MAX_VALUE);
        if (key != null) {
            maxLength("key", key, ContractBounds.MAX_KEY_LENGTH);
        }
        if (ceType != null) {
            maxLength("ceType", ceType, 256);
        }
        maxLength("payloadBase64", payloadBase64, ContractBounds.MAX_PAYLOAD_BASE64_LENGTH);
        Base64.getDecoder().decode(payloadBase64);
        present("error", error);
        if (error.isEmpty()) {
            throw new IllegalArgumentException("error must not be empty");
        }
        maxLength("error", error, ContractBounds.MAX_ERROR_LENGTH);
        matches("service", service, ContractBounds.SERVICE);
        present("time", time);
    }

    /** The original record value. */
    public byte[] payload() {
        return Base64.getDecoder().decode(payloadBase64);
    }
}
