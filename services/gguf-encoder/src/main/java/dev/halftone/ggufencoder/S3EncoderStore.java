package dev.halftone.ggufencoder;

import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.ObjectDirectories;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/** {@link EncoderStore} in S3, with fetched models cached under the work directory. */
@ApplicationScoped
public class S3EncoderStore implements EncoderStore {
    private final ObjectKeys keys;
    private final ObjectDirectories directories;

    public S3EncoderStore(ObjectStore store, ObjectKeys keys, EncoderConfig config) {
        this.keys = keys;
        this.directories = new ObjectDirectories(store, config.workDirectory().resolve("fetched"));
    }

    @Override
    public Path fetchModel(ModelReference model) {
        return directories.fetchModel(model);
    }

    @Override
    public ObjectLocation putVariant(String jobId, String variant, Path directory) {
        return directories.upload(directory, keys.variantDirectory(jobId, variant));
    }
}
