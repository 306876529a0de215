package dev.halftone.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.VariantReady;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;

/**
 * {@link ReportWriter} that stores the study's tables as {@code report.json} beside the study in the reports
 * bucket. Scores are sorted by task id first, so the same results in any arrival order give identical bytes.
 */
@ApplicationScoped
public class StudyReportWriter implements ReportWriter {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final ObjectStore store;
    private final ObjectKeys keys;

    public StudyReportWriter(ObjectStore store, ObjectKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Override
    public ObjectLocation write(JobSubmitted study, Collection<VariantReady> variants, Collection<ImageScored> scores) {
        var sorted = scores.stream().sorted(Comparator.comparing(ImageScored::taskId)).toList();
        var tables = ReportTables.of(study, variants, sorted);
        ObjectLocation location = keys.report(study.jobId(), "report.json");
        try {
            store.put(location, mapper.writeValueAsBytes(tables), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the report of " + study.jobId(), e);
        }
        return location;
    }
}
