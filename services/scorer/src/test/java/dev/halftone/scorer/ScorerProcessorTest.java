package dev.halftone.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.ImageTiming;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.PromptSet;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Resolution;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.service.EventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

/** Reference fidelity arrives with every image whatever the order in which the reference and its variants arrive. */
class ScorerProcessorTest {
    private static final JobSubmitted STUDY = new JobSubmitted("job-1",
            new ModelReference("halftone-tiny", new ObjectLocation("halftone-models", "halftone-tiny")),
            List.of(new Variant("fp8", Recipe.of(VariantFormat.FP8_REFERENCE)), new Variant("nf4", Recipe.of(VariantFormat.NF4))),
            List.of(PromptSet.inline("p", List.of("a red circle"))), List.of(1000L), 4, 4.0, new Resolution(128, 64));

    private final InMemoryScoreStore store = new InMemoryScoreStore();
    private final List<ImageScored> emitted = new ArrayList<>();
    private final EventJson json = new EventJson();
    private final ScorerProcessor scorer;

    ScorerProcessorTest() {
        store.putStudy(STUDY);
        var publisher = new EventPublisher("scorer");
        Emitter<byte[]> capture = new CapturingEmitter(emitted, json);
        ScorerConfig config = TestScorerConfig.withoutModels(Duration.ZERO);
        ImageMetrics metrics = new ImageMetrics() {
            @Override
            public Map<String, Double> standalone(byte[] png) {
                return Map.of();
            }

            @Override
            public Map<String, Double> fidelity(byte[] png, byte[] referencePng) {
                return Map.of("sameAsReference", png[0] == referencePng[0] ? 1.0 : 0.0);
            }
        };
        scorer = new ScorerProcessor(config, store, metrics, publisher, capture, null, new SimpleMeterRegistry());
    }

    private ImageGenerated generated(String variant, byte marker) {
        var location = new ObjectLocation("halftone-images", "jobs/job-1/" + variant + "/p/0-1000.png");
        store.putImage(new ReferenceImage("job-1", variant, "p", 0, 1000), location, new byte[] {marker});
        return new ImageGenerated("job-1", variant + ".p.0.1000", variant, "p", 0, 1000, location, new ImageTiming(1, 1, 2), "cpu");
    }

    private void deliver(ImageGenerated event) {
        scorer.score(Message.of(json.write(event)));
    }

    @Test
    void aVariantArrivingBeforeItsReferenceIsScoredWhenTheReferenceArrives() {
        var nf4 = generated("nf4", (byte) 2);
        deliver(nf4);
        assertTrue(emitted.isEmpty(), "no reference yet: the variant waits");
        assertEquals(1, store.pendingCount());
        deliver(generated("fp8", (byte) 2));
        assertEquals(2, emitted.size());
        assertEquals(Map.of("sameAsReference", 1.0), store.scores().get("nf4.p.0.1000").metrics());
        assertEquals(0, store.pendingCount());
    }

    @Test
    void aVariantArrivingAfterItsReferenceIsScoredAtOnceAndARedeliveryChangesNothing() {
        deliver(generated("fp8", (byte) 1));
        var nf4 = generated("nf4", (byte) 3);
        deliver(nf4);
        deliver(nf4);
        assertEquals(Map.of("sameAsReference", 0.0), store.scores().get("nf4.p.0.1000").metrics());
        assertEquals(2, store.scores().size());
        assertFalse(emitted.stream().anyMatch(s -> s.metrics().isEmpty()));
    }

    /** Acknowledges every send at once, keeping what was sent. */
    private record CapturingEmitter(List<ImageScored> sent, EventJson json) implements Emitter<byte[]> {
        @Override
        public CompletionStage<Void> send(byte[] payload) {
            sent.add(json.read(payload, ImageScored.class));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            sent.add(json.read(message.getPayload(), ImageScored.class));
            message.ack();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
