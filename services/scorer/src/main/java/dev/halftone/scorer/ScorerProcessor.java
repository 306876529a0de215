package dev.halftone.scorer;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.service.DeadLetters;
import dev.halftone.service.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Scores each image from {@code halftone.image.generated} and emits {@code halftone.image.scored}: standalone
 * metrics at once, reference fidelity as soon as the reference variant's image of the same prompt and seed
 * exists, whatever the arrival order. An image whose reference is not stored yet leaves a pending marker; the
 * reference's own scoring settles every marker, and a marker written after that scan is settled by the
 * re-check that follows its write. Scores and events are keyed by (job, task), so repeats change nothing.
 */
@ApplicationScoped
public class ScorerProcessor {
    private final EventJson json = new EventJson();
    private final ScoreStore store;
    private final ImageMetrics metrics;
    private final EventPublisher publisher;
    private final Emitter<byte[]> scored;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final ScorerConfig config;

    public ScorerProcessor(ScorerConfig config, ScoreStore store, ImageMetrics metrics, EventPublisher publisher,
                           @Channel("halftone.image.scored") Emitter<byte[]> scored, DeadLetters deadLetters,
                           MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.publisher = publisher;
        this.scored = scored;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming("halftone.image.generated")
    @Blocking(ordered = false)
    public CompletionStage<Void> score(Message<byte[]> record) {
        try {
            long start = System.nanoTime();
            ImageGenerated image = json.read(record.getPayload(), ImageGenerated.class);
            JobSubmitted study = store.study(image.jobId(), config.studyPatience())
                    .orElseThrow(() -> new IllegalArgumentException("unknown job " + image.jobId()));
            if (study.variants().stream().noneMatch(v -> v.name().equals(image.variant()))) {
                throw new IllegalArgumentException("job " + image.jobId() + " has no variant " + image.variant());
            }
            byte[] png = store.image(image.image());
            Optional<String> reference = referenceVariant(study);
            if (reference.isEmpty()) {
                emit(image, metrics.standalone(png));
            } else if (reference.get().equals(image.variant())) {
                emit(image, scores(png, png));
                var self = new ReferenceImage(image.jobId(), image.variant(), image.promptSet(), image.promptIndex(), image.seed());
                for (ImageGenerated waiting : store.pending(self)) {
                    settle(waiting, png, self);
                }
            } else {
                var referenceImage = new ReferenceImage(image.jobId(), reference.get(), image.promptSet(), image.promptIndex(), image.seed());
                var stored = store.referenceImage(referenceImage);
                if (stored.isPresent()) {
                    emit(image, scores(png, store.image(stored.get())));
                } else {
                    store.markPending(referenceImage, image);
                    // the reference may have been scored between the lookup and the marker: look again
                    var late = store.referenceImage(referenceImage);
                    if (late.isPresent()) {
                        settle(image, store.image(late.get()), referenceImage);
                    }
                }
            }
            meters.timer("halftone_stage_seconds", "stage", "score").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (InvalidEventException | IllegalArgumentException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    /** The study's reference: its first variant in a reference format (FP8 or bf16), if any. */
    static Optional<String> referenceVariant(JobSubmitted study) {
        return study.variants().stream()
                .filter(v -> v.recipe().format() == VariantFormat.FP8_REFERENCE || v.recipe().format() == VariantFormat.BF16)
                .map(Variant::name).findFirst();
    }

    private void settle(ImageGenerated waiting, byte[] referencePng, ReferenceImage reference) {
        emit(waiting, scores(store.image(waiting.image()), referencePng));
        store.clearPending(reference, waiting.taskId());
    }

    /** Standalone metrics and fidelity to the reference image, in one sorted map. */
    private Map<String, Double> scores(byte[] png, byte[] referencePng) {
        Map<String, Double> all = new TreeMap<>(metrics.standalone(png));
        all.putAll(metrics.fidelity(png, referencePng));
        return all;
    }

    private void emit(ImageGenerated image, Map<String, Double> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no metric applies to " + image.taskId() + " (no reference variant, no standalone metric)");
        }
        var event = new ImageScored(image.jobId(), image.taskId(), image.variant(), image.promptSet(), image.promptIndex(),
                image.seed(), image.image(), scores);
        store.putScores(event);
        publisher.publish(scored, event, event.jobId(), event.jobId() + "/" + event.taskId() + "/scored").join();
        meters.counter("halftone_stage_results_total", "stage", "score").increment();
    }
}
