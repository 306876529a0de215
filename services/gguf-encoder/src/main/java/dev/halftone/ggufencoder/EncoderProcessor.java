package dev.halftone.ggufencoder;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.schemas.JobSubmitted;
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
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Encodes a study's GGUF variants ({@code halftone.job.submitted} in, {@code halftone.variant.ready} out), both
 * branches each. Keys and event ids are functions of (job, variant), so a replay re-encodes identical files in place.
 */
@ApplicationScoped
public class EncoderProcessor {
    private static final Set<VariantFormat> GGUF = EnumSet.of(VariantFormat.GGUF_Q8_0, VariantFormat.GGUF_Q4_K, VariantFormat.GGUF_Q4_K_M);
    private final EventJson json = new EventJson();
    private final EncoderConfig config;
    private final EncoderStore store;
    private final GgufVariantEncoder encoder;
    private final EventPublisher publisher;
    private final Emitter<byte[]> ready;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    public EncoderProcessor(EncoderConfig config, EncoderStore store, GgufVariantEncoder encoder, EventPublisher publisher,
                            @Channel("halftone.variant.ready") Emitter<byte[]> ready, DeadLetters deadLetters,
                            MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.encoder = encoder;
        this.publisher = publisher;
        this.ready = ready;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming("halftone.job.submitted")
    @Blocking
    public CompletionStage<Void> encode(Message<byte[]> record) {
        try {
            JobSubmitted study = json.read(record.getPayload(), JobSubmitted.class);
            for (Variant variant : study.variants()) {
                if (GGUF.contains(variant.recipe().format())) {
                    encode(study, variant);
                }
            }
        } catch (InvalidEventException | IllegalArgumentException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    private void encode(JobSubmitted study, Variant variant) {
        long start = System.nanoTime();
        Path output = config.workDirectory().resolve(study.jobId()).resolve(variant.name());
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + output, e);
        }
        var encoded = encoder.encode(store.fetchModel(study.model()), variant.recipe().format(), output);
        var location = store.putVariant(study.jobId(), variant.name(), output);
        var event = new VariantReady(study.jobId(), variant.name(), variant.recipe().format(), location,
                encoded.bytesOnDisk(), encoded.bitsPerWeight());
        publisher.publish(ready, event, study.jobId(), study.jobId() + "/" + variant.name() + "/ready").join();
        meters.timer("halftone_stage_seconds", "stage", "quantize", "format", variant.recipe().format().wireName())
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        meters.counter("halftone_stage_results_total", "stage", "quantize").increment();
    }
}
