package dev.halftone.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.halftone.schemas.DeadLetter;
import dev.halftone.schemas.ImageGenerated;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobProgress;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ReportPublished;
import dev.halftone.schemas.VariantReady;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's live stream: each event stats sees becomes one named Server-Sent Event
 * ({@code submitted}, {@code progress}, {@code variant}, {@code image}, {@code scored}, {@code report},
 * {@code dead-letter}).
 * A new subscriber first receives the recent backlog, so a page opened mid-job fills in at once.
 */
@ApplicationScoped
public class DashboardFeed {
    /** One server-sent event: its name and its JSON data. */
    public record Entry(String name, String jobId, String json) {
    }

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final BroadcastProcessor<Entry> live = BroadcastProcessor.create();
    private final Deque<Entry> backlog = new ArrayDeque<>();
    private final int backlogSize;

    public DashboardFeed(StatsConfig config) {
        this.backlogSize = config.dashboardBacklog();
    }

    public void submitted(JobSubmitted study) {
        emit("submitted", study.jobId(), study);
    }

    public void progress(JobProgress progress) {
        emit("progress", progress.jobId(), progress);
    }

    public void variant(VariantReady ready) {
        emit("variant", ready.jobId(), ready);
    }

    public void image(ImageGenerated image) {
        emit("image", image.jobId(), image);
    }

    public void scored(ImageScored scored) {
        emit("scored", scored.jobId(), scored);
    }

    public void report(ReportPublished report) {
        emit("report", report.jobId(), report);
    }

    public void deadLetter(DeadLetter letter) {
        emit("dead-letter", letter.key(), Map.of("originalTopic", letter.originalTopic(), "key", String.valueOf(letter.key()),
                "error", letter.error(), "service", letter.service()));
    }

    /** The backlog, then live events; with a job id, only that job's events. */
    public Multi<Entry> stream(String jobId) {
        List<Entry> past;
        synchronized (backlog) {
            past = new ArrayList<>(backlog);
        }
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(past), live)
                .filter(entry -> jobId == null || jobId.equals(entry.jobId()));
    }

    private void emit(String name, String jobId, Object data) {
        Entry entry;
        try {
            entry = new Entry(name, jobId, mapper.writeValueAsString(data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a dashboard event", e);
        }
        synchronized (backlog) {
            backlog.addLast(entry);
            if (backlog.size() > backlogSize) {
                backlog.removeFirst();
            }
        }
        live.onNext(entry);
    }
}
