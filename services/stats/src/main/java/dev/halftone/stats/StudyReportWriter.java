package dev.halftone.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.halftone.evaluation.report.ImageScores;
import dev.halftone.evaluation.report.Metric;
import dev.halftone.evaluation.report.PairRequest;
import dev.halftone.evaluation.report.StudyReport;
import dev.halftone.evaluation.report.StudyResults;
import dev.halftone.evaluation.report.StudyTables;
import dev.halftone.evaluation.report.VariantInfo;
import dev.halftone.evaluation.stats.FragilityRanking;
import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.schemas.VariantReady;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ReportWriter} over halftone-evaluation's study report: stores {@code report.md}, {@code report.html}
 * (self-contained, with the image grid) and {@code pareto.svg}, plus {@code report.json} with this service's
 * {@link ReportTables}, beside the study in the reports bucket. Table 3 comes from the study's INT8 variants
 * ({@link AblationRows}), the fragility ranking from its stored profile ({@link ProfileFragility}). Scores are sorted by task id first, so the same
 * results in any arrival order give identical bytes.
 */
@ApplicationScoped
public class StudyReportWriter implements ReportWriter {
    /** Prompts shown in the image grid: enough to see each variant's failure mode, few enough to embed. */
    private static final int GRID_PROMPTS = 4;
    private static final Logger LOG = Logger.getLogger(StudyReportWriter.class);
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final ObjectStore store;
    private final ObjectKeys keys;

    public StudyReportWriter(ObjectStore store, ObjectKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Override
    public ObjectLocation write(FinishedStudy finished) {
        JobSubmitted study = finished.study();
        Collection<VariantReady> variants = finished.variants();
        var sorted = finished.scores().stream().sorted(Comparator.comparing(ImageScored::taskId)).toList();
        var times = GenerationTimes.of(finished.images());
        Path images = null;
        try {
            images = Files.createTempDirectory("halftone-report-");
            var report = StudyReport.of(results(study, variants, times, fragility(finished), sorted, images));
            put(study, "report.json", mapper.writeValueAsBytes(ReportTables.of(study, variants, times, sorted)), "application/json");
            put(study, "report.html", report.html().getBytes(StandardCharsets.UTF_8), "text/html");
            report.paretoSvg().ifPresent(svg -> put(study, StudyReport.PARETO_FILE, svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml"));
            return put(study, "report.md", report.markdown().getBytes(StandardCharsets.UTF_8), "text/markdown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + study.jobId(), e);
        } finally {
            delete(images);
        }
    }

    /** The conditional branch's ranking; a profile that cannot be read leaves it out of the report, with a warning. */
    private Optional<FragilityRanking> fragility(FinishedStudy finished) {
        return finished.profile().flatMap(profile -> {
            try {
                return Optional.of(ProfileFragility.read(store, profile.profile()));
            } catch (IllegalArgumentException | MissingObjectException e) {
                LOG.warnf("study %s: no fragility ranking in the report: %s", profile.jobId(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    private StudyResults results(JobSubmitted study, Collection<VariantReady> ready, GenerationTimes times,
                                 Optional<FragilityRanking> fragility, List<ImageScored> scores, Path images)
            throws IOException {
        String reference = study.variants().stream()
                .filter(v -> v.recipe().format() == VariantFormat.FP8_REFERENCE || v.recipe().format() == VariantFormat.BF16)
                .map(Variant::name).findFirst().orElse(study.variants().getFirst().name());
        List<VariantInfo> infos = new ArrayList<>();
        for (Variant variant : study.variants()) {
            var size = ready.stream().filter(r -> r.variant().equals(variant.name())).findFirst();
            infos.add(new VariantInfo(variant.name(), variant.name() + " (" + variant.recipe().format().wireName() + ")",
                    size.map(VariantReady::bytesOnDisk).orElse(0L), size.map(VariantReady::bitsPerWeight).orElse(0.0),
                    times.secondsPerImage(variant.name())));
        }
        Set<String> gridPrompts = new TreeSet<>();
        scores.stream().map(ReportTables::promptId).distinct().limit(GRID_PROMPTS).forEach(gridPrompts::add);
        List<ImageScores> rows = new ArrayList<>();
        Set<Metric> seen = new TreeSet<>();
        for (ImageScored scored : scores) {
            Map<Metric, Double> values = new EnumMap<>(Metric.class);
            for (Metric metric : Metric.values()) {
                Double value = scored.metrics().get(metric.key());
                if (value != null) {
                    values.put(metric, value);
                    seen.add(metric);
                }
            }
            Optional<Path> image = Optional.empty();
            if (gridPrompts.contains(ReportTables.promptId(scored))) {
                Path file = images.resolve(scored.taskId() + ".png");
                store.download(scored.image(), file);
                image = Optional.of(file);
            }
            rows.add(new ImageScores(scored.variant(), ReportTables.promptId(scored), scored.promptSet(), scored.seed(), image, values));
        }
        Map<Metric, String> unavailable = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            if (!seen.contains(metric)) {
                unavailable.put(metric, unscored(metric));
            }
        }
        List<PairRequest> pairs = new ArrayList<>();
        for (Variant variant : study.variants()) {
            for (Metric metric : seen) {
                if (!variant.name().equals(reference) && !StudyTables.TABLE_2.contains(metric)) {
                    pairs.add(new PairRequest(reference, variant.name(), metric));
                }
            }
        }
        pairs.addAll(againstNaiveW8A8(study.variants(), seen));
        var ablation = AblationRows.of(study.variants(), scores);
        return new StudyResults("Halftone study " + study.jobId() + " on " + study.model().name(), reference, infos, rows,
                unavailable, pairs, ablation.map(AblationRows::metric).orElse(Metric.CLIP),
                ablation.map(AblationRows::rows).orElse(List.of()), fragility, List.copyOf(gridPrompts));
    }

    /** Why no image of the study carries the metric, from what the swarm's scorer computes (services/scorer). */
    static String unscored(Metric metric) {
        return switch (metric) {
            case PICK -> notConfigured("PickScore", "HALFTONE_SCORER_PICK_MODEL");
            case CLIP -> notConfigured("CLIPScore", "HALFTONE_SCORER_CLIP_MODEL");
            case LPIPS -> notConfigured("LPIPS", "HALFTONE_SCORER_LPIPS_MODEL");
            case OCR_NED, OCR_EXACT -> "no prompt of the study carries an OCR target (the halftone-tiny set's text "
                    + "prompts do)";
            case PSNR, SSIM -> "no image was scored against a reference image";
        };
    }

    private static String notConfigured(String metric, String setting) {
        return "not computed: the swarm's scorer computes " + metric + " only when its setting " + setting
                + " names a model folder (docs/evaluation.md)";
    }

    /**
     * The paper's central INT8 comparison: every INT8 variant with SmoothQuant or protected layers against the
     * study's naive W8A8 (no smoothing, nothing protected), on every metric scored, fidelity included: both sides
     * carry PSNR and SSIM against the same reference image, so their paired difference is defined.
     */
    static List<PairRequest> againstNaiveW8A8(List<Variant> variants, Set<Metric> metrics) {
        var naive = variants.stream().filter(StudyReportWriter::isNaiveW8A8).findFirst();
        if (naive.isEmpty()) {
            return List.of();
        }
        List<PairRequest> pairs = new ArrayList<>();
        for (Variant variant : variants) {
            if (variant.recipe().format() == VariantFormat.INT8_W8A8 && !isNaiveW8A8(variant)) {
                metrics.forEach(metric -> pairs.add(new PairRequest(naive.get().name(), variant.name(), metric)));
            }
        }
        return pairs;
    }

    private static boolean isNaiveW8A8(Variant variant) {
        var recipe = variant.recipe();
        var protection = recipe.protection();
        boolean nothingProtected = protection == null
                || (protection.topK() != null ? protection.topK() == 0 : protection.layers().isEmpty());
        return recipe.format() == VariantFormat.INT8_W8A8 && !recipe.smoothQuant() && nothingProtected;
    }

    private ObjectLocation put(JobSubmitted study, String file, byte[] content, String contentType) {
        ObjectLocation location = keys.report(study.jobId(), file);
        store.put(location, content, contentType);
        return location;
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + directory, e);
        }
    }
}
