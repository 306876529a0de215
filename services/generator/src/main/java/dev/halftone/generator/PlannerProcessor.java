package dev.halftone.generator;

import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.GenerateTask;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.PromptSet;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The planner side of the generator (consumer group {@code generator-planner}): keeps each submitted study, and
 * turns each ready variant into generate tasks on the partitioned {@code halftone.generate.task} topic. The
 * variant's record is acknowledged only once the broker has every task, so a crash re-plans the whole variant;
 * task ids and event ids are deterministic, so the replayed tasks are the same tasks.
 */
@ApplicationScoped
public class PlannerProcessor {
    private final EventJson json = new EventJson();
    private final GeneratePlanner planner;
    private final StudyStore studies;
    private final EventPublisher publisher;
    private final Emitter<byte[]> tasks;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final GeneratorConfig config;

    public PlannerProcessor(GeneratorConfig config, StudyStore studies, EventPublisher publisher,
                            @Channel("generate-tasks-out") Emitter<byte[]> tasks, DeadLetters deadLetters,
                            MeterRegistry meters) {
        this.planner = new GeneratePlanner(config.maxImagesPerJob());
        this.config = config;
        this.studies = studies;
        this.publisher = publisher;
        this.tasks = tasks;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming("halftone.job.submitted")
    @Blocking
    public CompletionStage<Void> accept(Message<byte[]> record) {
        try {
            JobSubmitted study = json.read(record.getPayload(), JobSubmitted.class);
            // resolving the prompts now rejects an over-budget or dangling study before any variant is built
            planner.imageCount(study, prompts(study));
            studies.save(study);
        } catch (InvalidEventException | IllegalArgumentException | ArithmeticException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    @Incoming("halftone.variant.ready")
    @Blocking
    public CompletionStage<Void> plan(Message<byte[]> record) {
        try {
            VariantReady ready = json.read(record.getPayload(), VariantReady.class);
            JobSubmitted study = studies.find(ready.jobId(), config.studyPatience())
                    .orElseThrow(() -> new IllegalArgumentException("unknown job " + ready.jobId()
                            + ": no accepted study (was it dead-lettered?)"));
            List<GenerateTask> planned = planner.plan(study, ready, prompts(study));
            var sent = planned.stream()
                    .map(task -> publisher.publish(tasks, task, task.taskId(), task.jobId() + "/" + task.taskId() + "/task"))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(sent).join();
            meters.counter("halftone_tasks_planned_total").increment(planned.size());
        } catch (InvalidEventException | IllegalArgumentException | ArithmeticException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    private Map<String, List<String>> prompts(JobSubmitted study) {
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        for (PromptSet set : study.promptSets()) {
            prompts.put(set.name(), set.prompts() != null ? set.prompts() : studies.prompts(set.reference()));
        }
        return prompts;
    }
}
