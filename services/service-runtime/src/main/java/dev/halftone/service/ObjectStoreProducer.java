package dev.halftone.service;

import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.platform.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Makes the one object-store client and key layout a service uses. */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    public ObjectStore objectStore(StoreSettings settings) {
        return new MinioObjectStore(new S3Settings(settings.endpoint(), settings.accessKey(), settings.secretKey(), settings.region()));
    }

    /** Closing the client stops its connection pool; without it the JVM lingers a minute on shutdown. */
    public void close(@Disposes ObjectStore store) {
        store.close();
    }

    @Produces
    @ApplicationScoped
    public ObjectKeys objectKeys() {
        return new ObjectKeys(Buckets.DEFAULT);
    }
}
