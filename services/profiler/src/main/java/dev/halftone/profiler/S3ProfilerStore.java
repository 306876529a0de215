package dev.halftone.profiler;

import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.ObjectDirectories;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/**
 * {@link ProfilerStore} in S3. A profile is a directory of files stored in the directory of {@link ObjectKeys#profile};
 * the profile-completed event names the conditional branch's JSON in it (the branch the paper ranks).
 */
@ApplicationScoped
public class S3ProfilerStore implements ProfilerStore {
    private final ObjectKeys keys;
    private final ObjectDirectories directories;

    public S3ProfilerStore(ObjectStore store, ObjectKeys keys, ProfilerConfig config) {
        this.keys = keys;
        this.directories = new ObjectDirectories(store, config.workDirectory().resolve("fetched"));
    }

    @Override
    public Path fetchModel(ModelReference model) {
        return directories.fetchModel(model);
    }

    @Override
    public ObjectLocation putProfile(String jobId, String model, Path profileDirectory) {
        ObjectLocation anchor = keys.profile(jobId, model);
        var directory = new ObjectLocation(anchor.bucket(), anchor.key().substring(0, anchor.key().lastIndexOf('/')));
        directories.upload(profileDirectory, directory);
        return ObjectKeys.under(directory, "cond.activations.json");
    }
}
