package dev.halftone.generator;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.GenerateTask;
import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageTiming;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.service.DeadLetters;
import dev.halftone.service.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.LinkedHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The worker side of the generator (consumer group {@code generator-workers}, scaled out): renders one generate
 * task from {@code halftone.generate.task}, stores the PNG, and emits {@code halftone.image.generated}. The
 * offset is committed only after both, so a worker killed mid-task leaves the task to another worker. One task at
 * a time per worker: the engine already uses every core for one image.
 */
@ApplicationScoped
public class WorkerProcessor {
    private final EventJson json = new EventJson();
    private final PngEncoder png = new PngEncoder();
    private final LoadedVariants<String, VariantRenderer> loaded;
    private final VariantLoader loader;
    private final ImageStore images;
    private final EventPublisher publisher;
    private final Emitter<byte[]> generated;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final String device;

    public WorkerProcessor(GeneratorConfig config, EngineBackend backend, VariantLoader loader, ImageStore images,
                           EventPublisher publisher, @Channel("halftone.image.generated") Emitter<byte[]> generated,
                           DeadLetters deadLetters, MeterRegistry meters) {
        this.loaded = new LoadedVariants<>(config.loadedVariants());
        this.loader = loader;
        this.images = images;
        this.publisher = publisher;
        this.generated = generated;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.device = config.device().orElseGet(backend::deviceName);
    }

    @Incoming("halftone.generate.task")
    @Blocking
    public CompletionStage<Void> generate(Message<byte[]> record) {
        GenerateTask task;
        try {
            task = json.read(record.getPayload(), GenerateTask.class);
        } catch (InvalidEventException e) {
            deadLetters.send(record, e);
            return record.ack();
        }
        long start = System.nanoTime();
        VariantRenderer renderer;
        VariantRenderer.RenderedImage image;
        try {
            renderer = loaded.get(task.jobId() + "/" + task.variant(), key -> loader.load(task));
            long loadedAt = System.nanoTime();
            image = renderer.render(task.prompt(), task.seed(), task.steps(), task.guidance());
            meters.timer("halftone_stage_seconds", "stage", "generate", "variant", task.variant())
                    .record(System.nanoTime() - loadedAt, TimeUnit.NANOSECONDS);
        } catch (IllegalArgumentException e) {
            deadLetters.send(record, e);
            return record.ack();
        }
        long loadMs = Math.max(0, (System.nanoTime() - start) / 1_000_000 - image.denoiseMs());
        var location = images.put(task.jobId(), task.variant(), task.promptSet(), task.promptIndex(), task.seed(),
                png.encode(image.width(), image.height(), image.rgb(), parameters(task)));
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        var event = new ImageGenerated(task.jobId(), task.taskId(), task.variant(), task.promptSet(), task.promptIndex(),
                task.seed(), location, new ImageTiming(loadMs, image.denoiseMs(), Math.max(totalMs, image.denoiseMs())), device);
        publisher.publish(generated, event, task.jobId(), task.jobId() + "/" + task.taskId() + "/generated").join();
        meters.counter("halftone_stage_results_total", "stage", "generate").increment();
        return record.ack();
    }

    /** The PNG tEXt chunks: everything needed to render the same image again. */
    private static LinkedHashMap<String, String> parameters(GenerateTask task) {
        var text = new LinkedHashMap<String, String>();
        text.put("halftone.job", task.jobId());
        text.put("halftone.variant", task.variant());
        text.put("halftone.format", task.format().wireName());
        text.put("halftone.prompt-set", task.promptSet());
        text.put("halftone.prompt-index", Integer.toString(task.promptIndex()));
        text.put("halftone.prompt", task.prompt());
        text.put("halftone.seed", Long.toUnsignedString(task.seed()));
        text.put("halftone.steps", Integer.toString(task.steps()));
        text.put("halftone.guidance", Double.toString(task.guidance()));
        text.put("halftone.resolution", task.resolution().width() + "x" + task.resolution().height());
        return text;
    }

    @PreDestroy
    void unload() {
        loaded.clear();
    }
}
