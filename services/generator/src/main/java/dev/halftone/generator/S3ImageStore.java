package dev.halftone.generator;

import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ObjectLocation;
import jakarta.enterprise.context.ApplicationScoped;

/** {@link ImageStore} in S3, at the image key {@link ObjectKeys} derives from (job, variant, prompt, seed). */
@ApplicationScoped
public class S3ImageStore implements ImageStore {
    private final ObjectStore store;
    private final ObjectKeys keys;

    public S3ImageStore(ObjectStore store, ObjectKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Override
    public ObjectLocation put(String jobId, String variant, String promptSet, int promptIndex, long seed, byte[] png) {
        ObjectLocation location = keys.image(jobId, variant, promptSet, promptIndex, seed);
        store.put(location, png, "image/png");
        return location;
    }
}
