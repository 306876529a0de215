package dev.halftone.profiler;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ProfileCompleted;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Profiles the reference model of each study that has INT8 variants ({@code halftone.job.submitted} in,
 * {@code halftone.profile.completed} out). The profile's key is a function of the job, so a replayed study
 * stores the same profile again and emits the same event.
 */
@ApplicationScoped
public class ProfilerProcessor {
    private final EventJson json = new EventJson();
    private final ProfilerConfig config;
    private final ProfilerStore store;
    private final ReferenceProfiler profiler;
    private final CalibrationPrompts calibration;
    private final EventPublisher publisher;
    private final Emitter<byte[]> completed;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    public ProfilerProcessor(ProfilerConfig config, ProfilerStore store, ReferenceProfiler profiler,
                             CalibrationPrompts calibration, EventPublisher publisher,
                             @Channel("halftone.profile.completed") Emitter<byte[]> completed,
                             DeadLetters deadLetters, MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.profiler = profiler;
        this.calibration = calibration;
        this.publisher = publisher;
        this.completed = completed;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming("halftone.job.submitted")
    @Blocking
    public CompletionStage<Void> profile(Message<byte[]> record) {
        try {
            JobSubmitted study = json.read(record.getPayload(), JobSubmitted.class);
            if (study.variants().stream().anyMatch(v -> v.recipe().format() == VariantFormat.INT8_W8A8)) {
                long start = System.nanoTime();
                Path model = store.fetchModel(study.model());
                Path output = config.workDirectory().resolve(study.jobId());
                Files.createDirectories(output);
                var prompts = calibration.first(config.calibrationPrompts());
                var profile = profiler.profile(model, prompts, study.steps(), study.guidance(), output);
                var location = store.putProfile(study.jobId(), study.model().name(), output);
                long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                var event = new ProfileCompleted(study.jobId(), study.model().name(), location, profile.layerCount(),
                        prompts.size(), durationMs);
                publisher.publish(completed, event, study.jobId(), study.jobId() + "/profile").join();
                meters.timer("halftone_stage_seconds", "stage", "profile").record(durationMs, TimeUnit.MILLISECONDS);
                meters.counter("halftone_stage_results_total", "stage", "profile").increment();
            }
        } catch (InvalidEventException | IllegalArgumentException e) {
            deadLetters.send(record, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the profile directory", e);
        }
        return record.ack();
    }
}
