package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.maxLength;

/** Where an object lives: bucket and key, both already safe (see {@code types.v1.json#/$defs/key}). */
public record ObjectLocation(String bucket, String key) {
    public ObjectLocation {
        matches("bucket", bucket, ContractBounds.BUCKET);
        maxLength("key", key, ContractBounds.MAX_KEY_LENGTH);
        matches("key", key, ContractBounds.KEY);
    }

    /** The {@code s3://bucket/key} form used in logs and reports. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
