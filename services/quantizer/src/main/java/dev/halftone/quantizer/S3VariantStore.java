package dev.halftone.quantizer;

import dev.halftone.platform.ObjectInfo;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.ObjectDirectories;
import dev.halftone.service.StoredStudies;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link VariantStore} in S3 with a local cache of fetched directories under the work directory. */
@ApplicationScoped
public class S3VariantStore implements VariantStore {
    private final ObjectKeys keys;
    private final ObjectDirectories directories;
    private final StoredStudies studies;

    public S3VariantStore(ObjectStore store, ObjectKeys keys, StoredStudies studies, QuantizerConfig config) {
        this.keys = keys;
        this.studies = studies;
        this.directories = new ObjectDirectories(store, config.workDirectory().resolve("fetched"));
    }

    @Override
    public Path fetchModel(ModelReference model) {
        return directories.fetchModel(model);
    }

    @Override
    public long branchBytes(ModelReference model) {
        var files = directories.list(model.location(), "model " + model.name());
        // the branches at the top of the model directory, not the variants stored below it (docs/model.md §6)
        String top = model.location().key() + "/";
        long bytes = 0;
        for (ObjectInfo file : files) {
            String name = file.location().key().substring(top.length());
            if (!name.contains("/") && (name.startsWith("cond.") || name.startsWith("uncond."))) {
                bytes += file.size();
            }
        }
        return bytes;
    }

    @Override
    public Path fetchProfile(ObjectLocation profile) {
        var directory = new ObjectLocation(profile.bucket(), profile.key().substring(0, Math.max(1, profile.key().lastIndexOf('/'))));
        return directories.fetch(directory, "profile");
    }

    @Override
    public ObjectLocation putVariant(String jobId, String variant, Path directory) {
        return directories.upload(directory, keys.variantDirectory(jobId, variant));
    }

    @Override
    public void saveStudy(JobSubmitted study) {
        studies.save(study);
    }

    @Override
    public Optional<JobSubmitted> study(String jobId, Duration patience) {
        return studies.find(jobId, patience);
    }
}
