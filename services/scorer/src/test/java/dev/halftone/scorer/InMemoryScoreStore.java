package dev.halftone.scorer;

import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ScoreStore} in memory, for tests: the same contract as {@link S3ScoreStore} without a server. */
public final class InMemoryScoreStore implements ScoreStore {
    private final Map<String, JobSubmitted> studies = new ConcurrentHashMap<>();
    private final Map<ObjectLocation, byte[]> images = new ConcurrentHashMap<>();
    private final Map<ReferenceImage, ObjectLocation> references = new ConcurrentHashMap<>();
    private final Map<String, ImageScored> scores = new ConcurrentHashMap<>();
    private final Map<ReferenceImage, Map<String, ImageGenerated>> pending = new ConcurrentHashMap<>();

    public void putStudy(JobSubmitted study) {
        studies.put(study.jobId(), study);
    }

    /** Stores an image as the generator would; {@code reference} names it as some image's reference. */
    public void putImage(ReferenceImage coordinates, ObjectLocation location, byte[] png) {
        images.put(location, png);
        references.put(coordinates, location);
    }

    /** Every stored score by task id. */
    public Map<String, ImageScored> scores() {
        return Map.copyOf(scores);
    }

    public int pendingCount() {
        return pending.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public Optional<JobSubmitted> study(String jobId, Duration patience) {
        return Optional.ofNullable(studies.get(jobId));
    }

    @Override
    public byte[] image(ObjectLocation location) {
        byte[] png = images.get(location);
        if (png == null) {
            throw new IllegalArgumentException("image " + location.uri() + " does not exist");
        }
        return png;
    }

    @Override
    public Optional<ObjectLocation> referenceImage(ReferenceImage reference) {
        return Optional.ofNullable(references.get(reference));
    }

    @Override
    public ObjectLocation putScores(ImageScored scored) {
        scores.put(scored.taskId(), scored);
        return scored.image();
    }

    @Override
    public void markPending(ReferenceImage reference, ImageGenerated image) {
        pending.computeIfAbsent(reference, r -> new ConcurrentHashMap<>()).put(image.taskId(), image);
    }

    @Override
    public List<ImageGenerated> pending(ReferenceImage reference) {
        return new ArrayList<>(pending.getOrDefault(reference, Map.of()).values());
    }

    @Override
    public void clearPending(ReferenceImage reference, String taskId) {
        pending.getOrDefault(reference, new ConcurrentHashMap<>()).remove(taskId);
    }
}
