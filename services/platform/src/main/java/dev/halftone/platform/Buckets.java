package dev.halftone.platform;

import dev.halftone.schemas.ContractBounds;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The six buckets of docs/object-store.md. Names are configuration (production may prefix them per environment);
 * {@link #DEFAULT} is what the local stack creates.
 */
public record Buckets(String models, String variants, String profiles, String images, String scores, String reports) {
    public static final Buckets DEFAULT = new Buckets("halftone-models", "halftone-variants", "halftone-profiles",
            "halftone-images", "halftone-scores", "halftone-reports");

    public Buckets {
        for (var name : new String[]{models, variants, profiles, images, scores, reports}) {
            Objects.requireNonNull(name, "bucket name");
            if (!ContractBounds.BUCKET.matcher(name).matches()) {
                throw new IllegalArgumentException("bucket name '" + name + "' is not a valid S3 bucket name (3-63 of a-z 0-9 . -)");
            }
        }
        if (new LinkedHashSet<>(List.of(models, variants, profiles, images, scores, reports)).size() != 6) {
            throw new IllegalArgumentException("the six buckets need six different names");
        }
    }

    public List<String> all() {
        return List.of(models, variants, profiles, images, scores, reports);
    }
}
