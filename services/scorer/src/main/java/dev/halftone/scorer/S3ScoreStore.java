package dev.halftone.scorer;

import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectInfo;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.StoredStudies;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ScoreStore} in S3. Scores sit at {@link ObjectKeys#score}; the pending markers of images waiting for a
 * reference sit beside the reference's score, under {@code <score key without .json>.pending/<task id>.json}.
 */
@ApplicationScoped
public class S3ScoreStore implements ScoreStore {
    private final EventJson json = new EventJson();
    private final ObjectStore store;
    private final ObjectKeys keys;
    private final StoredStudies studies;

    public S3ScoreStore(ObjectStore store, ObjectKeys keys, StoredStudies studies) {
        this.store = store;
        this.keys = keys;
        this.studies = studies;
    }

    @Override
    public Optional<JobSubmitted> study(String jobId, Duration patience) {
        return studies.find(jobId, patience);
    }

    @Override
    public byte[] image(ObjectLocation location) {
        if (!location.bucket().equals(keys.buckets().images())) {
            throw new IllegalArgumentException("image " + location.uri() + " is outside the images bucket " + keys.buckets().images());
        }
        try {
            return store.get(location);
        } catch (MissingObjectException e) {
            throw new IllegalArgumentException("image " + location.uri() + " does not exist", e);
        }
    }

    @Override
    public Optional<ObjectLocation> referenceImage(ReferenceImage reference) {
        var location = keys.image(reference.jobId(), reference.variant(), reference.promptSet(), reference.promptIndex(), reference.seed());
        return store.stat(location).map(ObjectInfo::location);
    }

    @Override
    public ObjectLocation putScores(ImageScored scored) {
        var location = keys.score(scored.jobId(), scored.variant(), scored.promptSet(), scored.promptIndex(), scored.seed());
        store.put(location, json.write(scored), "application/json");
        return location;
    }

    @Override
    public void markPending(ReferenceImage reference, ImageGenerated image) {
        store.put(pendingMarker(reference, image.taskId()), json.write(image), "application/json");
    }

    @Override
    public List<ImageGenerated> pending(ReferenceImage reference) {
        var directory = pendingPrefix(reference);
        List<ImageGenerated> waiting = new ArrayList<>();
        for (ObjectInfo info : store.list(directory.bucket(), directory.key() + "/")) {
            try {
                waiting.add(json.read(store.get(info.location()), ImageGenerated.class));
            } catch (MissingObjectException e) {
                // settled by another scorer between the listing and the read
            }
        }
        return waiting;
    }

    @Override
    public void clearPending(ReferenceImage reference, String taskId) {
        store.delete(pendingMarker(reference, taskId));
    }

    private ObjectLocation pendingMarker(ReferenceImage reference, String taskId) {
        return ObjectKeys.under(pendingPrefix(reference), taskId + ".json");
    }

    private ObjectLocation pendingPrefix(ReferenceImage reference) {
        var score = keys.score(reference.jobId(), reference.variant(), reference.promptSet(), reference.promptIndex(), reference.seed());
        return new ObjectLocation(score.bucket(), score.key().substring(0, score.key().length() - ".json".length()) + ".pending");
    }
}
