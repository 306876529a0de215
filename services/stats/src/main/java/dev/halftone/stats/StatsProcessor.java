package dev.halftone.stats;

import dev.halftone.schemas.DeadLetter;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.InvalidEventException;
import dev.halftone.schemas.JobProgress;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ProfileCompleted;
import dev.halftone.schemas.ReportPublished;
import dev.halftone.schemas.Stage;
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
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Follows every job through its stages: counts each distinct result once, emits {@code halftone.job.progress}
 * after every change and, once every image is scored, writes the report and emits
 * {@code halftone.report.published}. Stats replays the result topics from the start on each boot (its ledger
 * is a function of the log), so a restart loses nothing and re-publishes identical events.
 */
@ApplicationScoped
public class StatsProcessor {
    private static final Logger LOG = Logger.getLogger(StatsProcessor.class);
    private final EventJson json = new EventJson();
    private final JobLedgers ledgers;
    private final PromptCounter prompts;
    private final ReportWriter reports;
    private final EventPublisher publisher;
    private final Emitter<byte[]> progress;
    private final Emitter<byte[]> published;
    private final DeadLetters deadLetters;
    private final DashboardFeed feed;
    private final MeterRegistry meters;
    private final long maxImagesPerJob;

    public StatsProcessor(StatsConfig config, PromptCounter prompts, ReportWriter reports, EventPublisher publisher,
                          @Channel("halftone.job.progress") Emitter<byte[]> progress,
                          @Channel("halftone.report.published") Emitter<byte[]> published,
                          DeadLetters deadLetters, DashboardFeed feed, MeterRegistry meters) {
        this.ledgers = new JobLedgers(config.maxEarlyResults());
        this.maxImagesPerJob = config.maxImagesPerJob();
        this.prompts = prompts;
        this.reports = reports;
        this.publisher = publisher;
        this.progress = progress;
        this.published = published;
        this.deadLetters = deadLetters;
        this.feed = feed;
        this.meters = meters;
    }

    @Incoming("halftone.job.submitted")
    @Blocking
    public CompletionStage<Void> submitted(Message<byte[]> record) {
        return handle(record, () -> {
            JobSubmitted study = json.read(record.getPayload(), JobSubmitted.class);
            long perVariant = prompts.imagesPerVariant(study);
            long images = Math.multiplyExact(perVariant, study.variants().size());
            if (images > maxImagesPerJob) {
                throw new IllegalArgumentException("study " + study.jobId() + " asks for " + images
                        + " images, more than halftone.stats.max-images-per-job = " + maxImagesPerJob);
            }
            JobLedger ledger;
            synchronized (ledgers) {
                ledger = ledgers.open(study, perVariant);
            }
            feed.submitted(study);
            return Optional.of(ledger);
        });
    }

    @Incoming("halftone.profile.completed")
    @Blocking
    public CompletionStage<Void> profiled(Message<byte[]> record) {
        return handle(record, () -> {
            ProfileCompleted event = json.read(record.getPayload(), ProfileCompleted.class);
            return count(event.jobId(), new JobLedgers.Result(Stage.PROFILE, "profile", event));
        });
    }

    @Incoming("halftone.variant.ready")
    @Blocking
    public CompletionStage<Void> variantReady(Message<byte[]> record) {
        return handle(record, () -> {
            VariantReady event = json.read(record.getPayload(), VariantReady.class);
            feed.variant(event);
            return count(event.jobId(), new JobLedgers.Result(Stage.QUANTIZE, event.variant(), event));
        });
    }

    @Incoming("halftone.image.generated")
    @Blocking
    public CompletionStage<Void> generated(Message<byte[]> record) {
        return handle(record, () -> {
            ImageGenerated event = json.read(record.getPayload(), ImageGenerated.class);
            feed.image(event);
            return count(event.jobId(), new JobLedgers.Result(Stage.GENERATE, event.taskId(), event));
        });
    }

    @Incoming("halftone.image.scored")
    @Blocking
    public CompletionStage<Void> scored(Message<byte[]> record) {
        return handle(record, () -> {
            ImageScored event = json.read(record.getPayload(), ImageScored.class);
            feed.scored(event);
            return count(event.jobId(), new JobLedgers.Result(Stage.SCORE, event.taskId(), event));
        });
    }

    /** Dead letters are shown, never dead-lettered again: a bad one is logged and skipped. */
    @Incoming("halftone.dead-letter")
    @Blocking
    public CompletionStage<Void> deadLetter(Message<byte[]> record) {
        try {
            feed.deadLetter(json.read(record.getPayload(), DeadLetter.class));
        } catch (InvalidEventException e) {
            LOG.warnf("skipping an unreadable dead letter: %s", e.getMessage());
        }
        return record.ack();
    }

    private Optional<JobLedger> count(String jobId, JobLedgers.Result result) {
        Optional<JobLedger> changed;
        synchronized (ledgers) {
            changed = ledgers.record(jobId, result);
        }
        changed.ifPresent(l -> meters.counter("halftone_stage_results_total", "stage", result.stage().wireName()).increment());
        return changed;
    }

    private interface Step {
        Optional<JobLedger> run();
    }

    private CompletionStage<Void> handle(Message<byte[]> record, Step step) {
        try {
            step.run().ifPresent(this::advance);
        } catch (InvalidEventException | IllegalArgumentException | ArithmeticException e) {
            deadLetters.send(record, e);
        }
        return record.ack();
    }

    /** Emits the ledger's progress and, when it is the moment, writes and announces the report. */
    private void advance(JobLedger ledger) {
        String jobId = ledger.study().jobId();
        boolean report;
        synchronized (ledgers) {
            report = ledger.readyToReport() && ledger.progress().getLast().done() == 0;
        }
        // writing twice (two results completing at once) stores identical bytes; counting happens once, after
        if (report) {
            FinishedStudy finished;
            synchronized (ledgers) {
                finished = ledgers.finished(ledger);
            }
            long start = System.nanoTime();
            var location = reports.write(finished);
            meters.timer("halftone_stage_seconds", "stage", "report").record(Duration.ofNanos(System.nanoTime() - start));
            var event = new ReportPublished(jobId, location, ledger.study().variants().size(), finished.scores().size());
            publisher.publish(published, event, jobId, jobId + "/report").join();
            synchronized (ledgers) {
                ledger.record(Stage.REPORT, "report");
            }
            feed.report(event);
        }
        var stages = ledger.progress();
        var event = new JobProgress(jobId, stages);
        String countsTag = stages.stream().map(s -> Long.toString(s.done())).collect(Collectors.joining("-"));
        publisher.publish(progress, event, jobId, jobId + "/progress/" + countsTag).join();
        feed.progress(event);
    }
}
