package dev.halftone.cli.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.evaluation.metrics.StandInClipModel;
import dev.halftone.evaluation.metrics.StandInLpipsModel;
import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.ObjectInfo;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.ImageScored;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.ReportPublished;
import dev.halftone.stack.LocalStackExtension;
import dev.halftone.stack.StackEndpoints;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The swarm end to end on the real local stack: the six services run as processes from their built fast-jars
 * (two generator workers, two scorers), studies go in through Kafka (the CLI's producer and kcat), and every
 * check reads what the services stored in S3 or published on the result topics.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmStudyTest {
    /** Few steps: the pipeline, not the image quality, is under test here. */
    private static final int STEPS = 4;
    private static final Duration STUDY_TIMEOUT = Duration.ofMinutes(12);
    private final EventJson json = new EventJson();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectKeys keys = new ObjectKeys(Buckets.DEFAULT);
    /** The model, the swarm's logs and the screenshot: under target/, replaced by the next run, kept for a post-mortem. */
    private Path work;
    private StackEndpoints stack;
    private ObjectStore store;
    private SwarmLauncher launcher;
    private SwarmLauncher.Swarm swarm;

    @BeforeAll
    void startSwarm(StackEndpoints stack) throws IOException {
        this.stack = stack;
        store = new MinioObjectStore(stack.s3Settings());
        work = freshDirectory(Path.of("target", "swarm-test").toAbsolutePath());
        Path model = DemoModel.write(work.resolve("model"));
        new ModelUploader(store, keys).upload(DemoModel.NAME, model, DemoModel.prompts());
        // the scorers load stand-in CLIP, PickScore and LPIPS models (halftone-evaluation's test jar) through DJL:
        // CLIPScore's and LPIPS's folders from S3, PickScore's from a local folder
        Path scoring = work.resolve("scoring-models");
        var clip = upload(StandInClipModel.random(3).write(scoring.resolve("clip"), Double.NaN), "scoring/clip");
        var lpips = upload(StandInLpipsModel.write(scoring.resolve("lpips")), "scoring/lpips");
        launcher = new SwarmLauncher(Path.of("..").toAbsolutePath().normalize(), work.resolve("swarm"), freeBasePort(),
                Map.of("HALFTONE_PROFILER_CALIBRATION_PROMPTS", "2",
                        "HALFTONE_SCORER_CLIP_MODEL", clip.uri(),
                        "HALFTONE_SCORER_PICK_MODEL", StandInClipModel.random(5).write(scoring.resolve("pick"), 3.0).toString(),
                        "HALFTONE_SCORER_LPIPS_MODEL", lpips.uri()));
        swarm = launcher.up(stack, Map.of(SwarmService.GENERATOR, 2, SwarmService.SCORER, 2));
    }

    @AfterAll
    void stopSwarm() {
        if (launcher != null) {
            launcher.down();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    @Order(1)
    void badEventsGoToTheDeadLetterTopicWithTheirReasonAndConsumptionGoesOn() throws Exception {
        var kcat = new Kcat(stack.bootstrapServers());
        kcat.produce("halftone.job.submitted", "job-garbage", "this is not json", Map.of());
        kcat.produce("halftone.job.submitted", "job-schema", "{\"jobId\":\"job-schema\"}", Map.of());
        kcat.produce("halftone.job.submitted", "job-escape", study("job-escape", List.of("fp8"), 1).replace(
                "{\"name\":\"tiny\",\"prompts\":[", "{\"name\":\"escape\",\"reference\":{\"bucket\":\"halftone-models\","
                        + "\"key\":\"../../etc/passwd\"}},{\"name\":\"tiny\",\"prompts\":["), Map.of());
        kcat.produce("halftone.job.submitted", "job-huge-image",
                study("job-huge-image", List.of("fp8"), 1).replace("\"width\":128", "\"width\":100000"), Map.of());
        kcat.produce("halftone.job.submitted", "job-no-model",
                study("job-no-model", List.of("fp8"), 1).replace("\"key\":\"halftone-tiny\"", "\"key\":\"ghost\""), Map.of());
        // a billion images: a stored set of 10,000 prompts, 1,000 seeds, two variants
        var many = new ArrayList<String>();
        for (int i = 0; i < 10_000; i++) {
            many.add("p" + i);
        }
        store.put(keys.promptSet("many"), mapper.writeValueAsBytes(many), "application/json");
        var seeds = new StringBuilder("1000");
        for (int seed = 1; seed < 1000; seed++) {
            seeds.append(',').append(seed);
        }
        kcat.produce("halftone.job.submitted", "job-billion", study("job-billion", List.of("fp8", "nf4"), 1)
                .replace("\"seeds\":[1000]", "\"seeds\":[" + seeds + "]")
                .replaceFirst("\\{\"name\":\"tiny\",\"prompts\":\\[[^]]*]}", "{\"name\":\"many\",\"reference\":"
                        + "{\"bucket\":\"halftone-models\",\"key\":\"prompt-sets/many.json\"}}"), Map.of());
        kcat.produce("halftone.variant.ready", "job-unknown",
                "{\"jobId\":\"job-unknown\",\"variant\":\"ghost\",\"format\":\"nf4\",\"location\":{\"bucket\":"
                        + "\"halftone-variants\",\"key\":\"jobs/job-unknown/ghost\"},\"bytesOnDisk\":1,\"bitsPerWeight\":4.5}", Map.of());

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            Map<String, String> reasons = new HashMap<>();
            for (JsonNode letter : kcat.consumeJson("halftone.dead-letter")) {
                reasons.merge(letter.path("key").asText(), letter.path("service").asText() + ": " + letter.path("error").asText(),
                        (a, b) -> a + " | " + b);
            }
            assertTrue(reasons.getOrDefault("job-garbage", "").contains("not JSON"), reasons.toString());
            assertTrue(reasons.getOrDefault("job-schema", "").contains("model"), reasons.toString());
            assertTrue(reasons.getOrDefault("job-escape", "").contains("key"), reasons.toString());
            assertTrue(reasons.getOrDefault("job-huge-image", "").contains("width"), reasons.toString());
            assertTrue(reasons.getOrDefault("job-no-model", "").contains("does not exist"), reasons.toString());
            assertTrue(reasons.getOrDefault("job-billion", "").contains("max-images-per-job"), reasons.toString());
            assertTrue(reasons.getOrDefault("job-unknown", "").contains("unknown job"), reasons.toString());
        });
    }

    @Test
    @Order(2)
    void aStudySubmittedWithKcatIsReportedOnTheResultTopics() throws Exception {
        var kcat = new Kcat(stack.bootstrapServers());
        kcat.produce("halftone.job.submitted", "job-kcat", study("job-kcat", List.of("fp8"), 1), Map.of(
                "ce_specversion", "1.0", "ce_id", "kcat-submission-1", "ce_type", "dev.halftone.job.submitted.v1",
                "ce_source", "/halftone/kcat", "ce_subject", "job-kcat", "content-type", "application/json"));
        await().atMost(STUDY_TIMEOUT).untilAsserted(() -> assertTrue(kcat.consumeJson("halftone.report.published").stream()
                .anyMatch(report -> report.path("jobId").asText().equals("job-kcat"))));
    }

    @Test
    @Order(3)
    void thePaperStudyCompletesThroughKilledWorkersAndItsReportMatchesTheStoredScores() throws Exception {
        int prompts = 4;
        var builder = new StudyBuilder(store, keys);
        JobSubmitted study = builder.fromPreset(StudyPreset.PAPER, DemoModel.NAME, prompts, List.of(1000L), STEPS, 4.0, "job-paper");
        new JobSubmitter(stack.bootstrapServers()).submit(study);

        // SIGKILL one generator worker and one scorer as soon as the first image exists: mid-job, work in hand
        await().atMost(STUDY_TIMEOUT).until(() -> !store.list(keys.buckets().images(), "jobs/job-paper/").isEmpty());
        swarm.processes().get(SwarmService.GENERATOR).destroyForcibly();
        swarm.processes().get(SwarmService.SCORER).destroyForcibly();

        ReportPublished report = awaitReport("job-paper");
        int expectedImages = study.variants().size() * prompts;
        assertEquals(expectedImages, report.imageCount());

        // the report's tables against the per-image score objects in S3, one object per (variant, prompt, seed)
        JsonNode tables = mapper.readTree(store.get(keys.report("job-paper", "report.json")));
        Map<String, List<ImageScored>> stored = new TreeMap<>();
        for (ObjectInfo info : store.list(keys.buckets().scores(), "jobs/job-paper/")) {
            if (info.location().key().contains(".pending/")) {
                continue;
            }
            ImageScored scored = json.read(store.get(info.location()), ImageScored.class);
            stored.computeIfAbsent(scored.variant(), v -> new ArrayList<>()).add(scored);
        }
        assertEquals(study.variants().size(), tables.path("variants").size());
        for (JsonNode row : tables.path("variants")) {
            List<ImageScored> scores = stored.get(row.path("variant").asText());
            assertEquals(prompts, scores.size(), "one stored score per image of " + row.path("variant").asText());
            assertEquals(prompts, row.path("images").asInt(), "each image once in the report");
            assertEquals(prompts, scores.stream().map(ImageScored::taskId).distinct().count());
            // speed from the generators' image.generated events, restarted worker or not
            assertTrue(row.path("secondsPerImage").asDouble() > 0, row.path("variant").asText() + " has no s/image: " + row);
            assertTrue(row.path("devices").size() > 0, row.path("variant").asText() + " names no device: " + row);
            // a mean is over the images that carry the metric (OCR only where the prompt has a target text)
            var means = row.path("means");
            means.fieldNames().forEachRemaining(metric -> assertEquals(
                    scores.stream().filter(s -> s.metrics().containsKey(metric))
                            .mapToDouble(s -> s.metrics().get(metric)).average().orElseThrow(),
                    means.path(metric).asDouble(), 1e-9, row.path("variant").asText() + " " + metric));
        }
        // the INT8 variant's profile gives the report its fragility ranking, recomputed by halftone-evaluation from the
        // stored statistics: its order must be the one the profiler (halftone-engine) ranked the quantizer's layers by
        String markdown = new String(store.get(keys.report("job-paper", "report.md")), StandardCharsets.UTF_8);
        var anchor = keys.profile("job-paper", DemoModel.NAME);
        var condProfile = new ObjectLocation(anchor.bucket(),
                anchor.key().substring(0, anchor.key().lastIndexOf('/')) + "/cond.activations.json");
        JsonNode profilerRanking = mapper.readTree(store.get(condProfile)).path("fragility_ranking");
        assertFalse(markdown.contains("not computed"), markdown);
        assertTrue(markdown.contains("## Fragility ranking"), markdown);
        String section = markdown.substring(markdown.indexOf("## Fragility ranking"));
        for (int rank = 1; rank <= 3; rank++) {
            String row = "\n| " + rank + " | " + profilerRanking.get(rank - 1).asText() + " | ";
            assertTrue(section.contains(row), "rank " + rank + " should be " + row.trim() + ":\n" + section);
        }
        // fidelity is owed for every image of every other variant, killed scorer or not (PSNR is left out only
        // for an image identical to the reference's, where it is infinite), and the standalone scores for every image
        String reference = tables.path("variants").get(0).path("variant").asText();
        stored.forEach((variant, scores) -> {
            if (!variant.equals(reference)) {
                scores.forEach(s -> assertTrue(s.metrics().keySet().containsAll(List.of("ssim", "lpips"))
                                && (s.metrics().containsKey("psnr") || s.metrics().get("ssim") == 1.0),
                        variant + " image " + s.taskId() + " lacks fidelity scores: " + s.metrics().keySet()));
            }
            scores.forEach(s -> assertTrue(s.metrics().keySet().containsAll(List.of("clip", "pick")),
                    variant + " image " + s.taskId() + " lacks CLIPScore or PickScore: " + s.metrics().keySet()));
        });
    }

    @Test
    @Order(4)
    void theDashboardShowsTheStudyInHeadlessChromium() throws Exception {
        Path script = Path.of("../stats/src/test/js/dashboard-check.mjs").toAbsolutePath().normalize();
        Path screenshot = work.resolve("dashboard.png");
        var process = new ProcessBuilder("node", script.toString(), swarm.dashboard().toString(), "job-paper",
                screenshot.toString(), "5").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        JsonNode summary = mapper.readTree(output.lines().reduce((first, last) -> last).orElseThrow());
        assertEquals(5, summary.path("stages").asInt(), output);
        assertEquals(5, summary.path("rows").asInt(), output);
        assertTrue(summary.path("images").asInt() >= 20, output);
        assertEquals(5, summary.path("paretoPoints").asInt(), output);

        // the screenshot shows a rendered page: many colours (images, bars), not a blank or error page
        var image = javax.imageio.ImageIO.read(screenshot.toFile());
        var colours = new java.util.HashSet<Integer>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(image.getWidth() >= 1000 && colours.size() > 200, "screenshot " + screenshot + " has " + colours.size() + " colours");
    }

    private static Path freshDirectory(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /** Uploads a folder's files under a prefix of the models bucket, as a user would with s3cmd. */
    private ObjectLocation upload(Path folder, String prefix) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                store.upload(new ObjectLocation(keys.buckets().models(), prefix + "/" + file.getFileName()), file,
                        "application/octet-stream");
            }
        }
        return new ObjectLocation(keys.buckets().models(), prefix);
    }

    private ReportPublished awaitReport(String jobId) {
        var found = new ArrayList<ReportPublished>();
        try (var feed = new JobFeed(stack.bootstrapServers(), jobId)) {
            feed.follow(new JobFeed.Listener() {
                @Override
                public void progress(dev.halftone.schemas.JobProgress progress) {
                }

                @Override
                public void deadLetter(dev.halftone.schemas.DeadLetter letter) {
                    throw new AssertionError("dead letter for " + jobId + ": " + letter.error());
                }

                @Override
                public boolean report(ReportPublished report) {
                    found.add(report);
                    return true;
                }

                @Override
                public void unreadable(String topic, String reason) {
                    throw new AssertionError("unreadable record on " + topic + ": " + reason);
                }
            }, STUDY_TIMEOUT);
        }
        assertEquals(1, found.size(), "a report for " + jobId + " within " + STUDY_TIMEOUT);
        return found.getFirst();
    }

    /** A minimal valid study as kcat would send it: the model's native size, inline prompts. */
    private static String study(String jobId, List<String> variants, int prompts) {
        var names = new StringBuilder();
        for (String variant : variants) {
            names.append(names.isEmpty() ? "" : ",").append("{\"name\":\"").append(variant)
                    .append("\",\"recipe\":{\"format\":\"").append(variant.equals("fp8") ? "fp8-reference" : variant).append("\"}}");
        }
        var texts = new StringBuilder();
        for (int i = 0; i < prompts; i++) {
            texts.append(i == 0 ? "" : ",").append('"').append(DemoModel.prompts().get(i).replace("\"", "\\\"")).append('"');
        }
        return "{\"jobId\":\"" + jobId + "\",\"model\":{\"name\":\"halftone-tiny\",\"location\":{\"bucket\":\"halftone-models\","
                + "\"key\":\"halftone-tiny\"}},\"variants\":[" + names + "],\"promptSets\":[{\"name\":\"tiny\",\"prompts\":["
                + texts + "]}],\"seeds\":[1000],\"steps\":" + STEPS + ",\"guidance\":4.0,\"resolution\":{\"width\":128,\"height\":64}}";
    }

    private static int freeBasePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            // the launcher uses base + 1 .. base + 6; a free port's neighbours are free in practice on a test host
            return socket.getLocalPort() - 1;
        }
    }

    /** The independent Kafka client the acceptance criteria name (Debian's kcat). */
    private record Kcat(String bootstrapServers) {
        void produce(String topic, String key, String value, Map<String, String> headers) throws Exception {
            List<String> command = new ArrayList<>(List.of("kcat", "-P", "-b", bootstrapServers, "-t", topic, "-k", key));
            headers.forEach((name, text) -> command.addAll(List.of("-H", name + "=" + text)));
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write(value.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertEquals(0, process.waitFor(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }

        List<JsonNode> consumeJson(String topic) throws Exception {
            var process = new ProcessBuilder("kcat", "-C", "-b", bootstrapServers, "-t", topic, "-e", "-q", "-f", "%s\\n")
                    .redirectErrorStream(false).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            List<JsonNode> records = new ArrayList<>();
            var mapper = new ObjectMapper();
            for (String line : output.split("\n")) {
                if (!line.isBlank()) {
                    records.add(mapper.readTree(line));
                }
            }
            return records;
        }
    }
}
