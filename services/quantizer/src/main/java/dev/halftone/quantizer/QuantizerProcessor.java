package dev.halftone.quantizer;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.ProfileCompleted;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.schemas.VariantReady;
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
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Makes a study's reference, NF4 and INT8 W8A8 variants and emits {@code halftone.variant.ready} for each. The
 * reference needs no work (it is the model as stored) and NF4 no profile, so both follow
 * {@code halftone.job.submitted}; INT8 variants follow {@code halftone.profile.completed}. Keys and event ids
 * are functions of (job, variant): a replay rebuilds identical bytes in place.
 */
@ApplicationScoped
public class QuantizerProcessor {
    private static final double FP8_BITS_PER_WEIGHT = 8.0;
    private final EventJson json = new EventJson();
    private final QuantizerConfig config;
    private final VariantStore store;
    private final VariantQuantizer quantizer;
    private final EventPublisher publisher;
    private final Emitter<byte[]> ready;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    public QuantizerProcessor(QuantizerConfig config, VariantStore store, VariantQuantizer quantizer,
                              EventPublisher publisher, @Channel("halftone.variant.ready") Emitter<byte[]> ready,
                              DeadLetters deadLetters, MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.quantizer = quantizer;
        this.publisher = publisher;
        this.ready = ready;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming("halftone.job.submitted")
    @Blocking
    public CompletionStage<Void> submitted(Message<byte[]> record) {
        try {
            JobSubmitted study = json.read(record.getPayload(), JobSubmitted.class);
            store.saveStudy(study);
            for (Variant variant : study.variants()) {
                switch (variant.recipe().format()) {
                    case FP8_REFERENCE, BF16 -> announce(study, variant, study.model().location(),
                            new VariantQuantizer.Built(store.branchBytes(study.model()), FP8_BITS_PER_WEIGHT));
                    case NF4 -> build(study, variant, Optional.empty());
                    default -> {
                        // INT8 waits for its profile; GGUF formats belong to gguf-encoder
                    }
                }
            }
        } catch (InvalidEventException | IllegalArgumentException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    @Incoming("halftone.profile.completed")
    @Blocking
    public CompletionStage<Void> profiled(Message<byte[]> record) {
        try {
            ProfileCompleted profile = json.read(record.getPayload(), ProfileCompleted.class);
            JobSubmitted study = store.study(profile.jobId(), config.studyPatience())
                    .orElseThrow(() -> new IllegalArgumentException("unknown job " + profile.jobId()));
            Path profileDirectory = store.fetchProfile(profile.profile());
            for (Variant variant : study.variants()) {
                if (variant.recipe().format() == VariantFormat.INT8_W8A8) {
                    build(study, variant, Optional.of(profileDirectory));
                }
            }
        } catch (InvalidEventException | IllegalArgumentException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    private void build(JobSubmitted study, Variant variant, Optional<Path> profile) {
        long start = System.nanoTime();
        Path output = config.workDirectory().resolve(study.jobId()).resolve(variant.name());
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + output, e);
        }
        var built = quantizer.build(store.fetchModel(study.model()), variant.recipe(), profile, output);
        var location = store.putVariant(study.jobId(), variant.name(), output);
        meters.timer("halftone_stage_seconds", "stage", "quantize", "format", variant.recipe().format().wireName())
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        announce(study, variant, location, built);
    }

    private void announce(JobSubmitted study, Variant variant, ObjectLocation location,
                          VariantQuantizer.Built built) {
        var event = new VariantReady(study.jobId(), variant.name(), variant.recipe().format(), location,
                built.bytesOnDisk(), built.bitsPerWeight());
        publisher.publish(ready, event, study.jobId(), study.jobId() + "/" + variant.name() + "/ready").join();
        meters.counter("halftone_stage_results_total", "stage", "quantize").increment();
    }
}
