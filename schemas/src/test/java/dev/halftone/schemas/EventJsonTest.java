package dev.halftone.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {
    private static final EventSchemas SCHEMAS = new EventSchemas();
    private static final EventJson JSON = new EventJson(SCHEMAS);
    private static final String JOB = "5e0c1f5a-0000-4000-8000-000000000001";
    private static final ObjectLocation IMAGE = new ObjectLocation("halftone-images", "jobs/" + JOB + "/ref/signs/0-7.png");

    /** One record of every type, built in Java rather than parsed, so the serializer's output is what is checked. */
    static List<Record> builtRecords() {
        var model = new ModelReference("halftone-tiny", new ObjectLocation("halftone-models", "halftone-tiny"));
        var variants = List.of(
                new Variant("ref", Recipe.of(VariantFormat.FP8_REFERENCE)),
                new Variant("int8", Recipe.int8(0.85, true, LayerProtection.layers(List.of("layers.5.feed_forward.w2")))),
                new Variant("int8-top2", Recipe.int8(0.5, false, LayerProtection.topK(2))),
                new Variant("q8", Recipe.of(VariantFormat.GGUF_Q8_0)));
        var sets = List.of(PromptSet.inline("signs", List.of("a sign that says HI")),
                PromptSet.byReference("parti", new ObjectLocation("halftone-models", "prompt-sets/parti.json")));
        var resolution = new Resolution(128, 64);
        var variantAt = new ObjectLocation("halftone-variants", "jobs/" + JOB + "/int8");
        return List.of(
                new JobSubmitted(JOB, model, variants, sets, List.of(7L, Long.MAX_VALUE), 48, 4.0, resolution),
                new ProfileCompleted(JOB, "halftone-tiny", new ObjectLocation("halftone-profiles", "jobs/" + JOB + "/p.json"), 43, 16, 900),
                new VariantReady(JOB, "int8", VariantFormat.INT8_W8A8, variantAt, 4_000_000, 8.25),
                new GenerateTask(JOB, GenerateTask.taskIdOf("int8", "signs", 0, 7), "int8", VariantFormat.INT8_W8A8, variantAt,
                        "signs", 0, "a sign that says HI", 7, 16, 4.0, resolution),
                new ImageGenerated(JOB, "int8.signs.0.7", "int8", "signs", 0, 7, IMAGE, new ImageTiming(10, 200, 250), "cuda:0"),
                new ImageScored(JOB, "int8.signs.0.7", "int8", "signs", 0, 7, IMAGE, Map.of("ocrAccuracy", 1.0, "psnr", 28.5)),
                new JobProgress(JOB, List.of(new StageProgress(Stage.GENERATE, 8, 8), new StageProgress(Stage.REPORT, 1, 0))),
                new ReportPublished(JOB, new ObjectLocation("halftone-reports", "jobs/" + JOB + "/report.html"), 4, 8),
                new DeadLetter("halftone.image.generated", 0, 3, null, null,
                        Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)), "boom", "scorer",
                        Instant.parse("2025-11-25T10:00:00.123Z")));
    }

    @Test
    void builtRecordsCoverEveryTypeAndSerializeToValidJson() {
        var records = builtRecords();
        assertEquals(EventType.values().length, records.stream().map(EventType::of).distinct().count());
        for (var event : records) {
            var type = EventType.of(event);
            var written = JSON.write(event);
            assertEquals(List.of(), SCHEMAS.violations(type, JSON.tree(written)), type.ceType());
            assertEquals(event, JSON.read(written, type), type.ceType());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleRoundTripsThroughItsRecord(EventType type) {
        var original = Examples.tree(type);
        var event = JSON.read(Examples.bytes(original), type);
        var rewritten = JSON.tree(JSON.write(event));
        assertTrue(original.equals(EventJsonTest::compareNumbersByValue, rewritten),
                "round trip changed " + type.ceType() + ":\n" + original + "\n" + rewritten);
    }

    @Test
    void readRejectsWhatOnlyTheRecordCanCheck() {
        var progress = (ObjectNode) Examples.tree(EventType.JOB_PROGRESS);
        ((ObjectNode) progress.at("/stages/1")).put("done", 6);
        var error = assertThrows(InvalidEventException.class,
                () -> JSON.read(Examples.bytes(progress), JobProgress.class));
        assertTrue(error.getMessage().contains("stages[].done (quantize) is 6, must be in [0, 5]"), error.getMessage());
    }

    @Test
    void readRejectsDuplicateVariantNames() {
        var job = (ObjectNode) Examples.tree(EventType.JOB_SUBMITTED);
        ((ObjectNode) job.at("/variants/1")).put("name", "reference");
        var error = assertThrows(InvalidEventException.class, () -> JSON.read(Examples.bytes(job), JobSubmitted.class));
        assertTrue(error.getMessage().contains("variants[].name repeats 'reference'"), error.getMessage());
    }

    @Test
    void readRejectsNonJsonWithOneLine() {
        var error = assertThrows(InvalidEventException.class,
                () -> JSON.read("{not json".getBytes(StandardCharsets.UTF_8), EventType.VARIANT_READY));
        assertTrue(error.getMessage().startsWith("invalid dev.halftone.variant.ready.v1: not JSON"), error.getMessage());
    }

    @Test
    void schemaPathIsReportedBeforeJacksonSeesTheValue() {
        var task = (ObjectNode) Examples.tree(EventType.GENERATE_TASK);
        task.put("seed", "forty-two");
        var error = assertThrows(InvalidEventException.class, () -> JSON.read(Examples.bytes(task), GenerateTask.class));
        assertEquals("$.seed", error.violations().getFirst().path());
    }

    @Test
    void deadLetterKeepsThePayloadByteForByte() {
        var payload = new byte[]{0, 1, (byte) 0xff, '{'};
        var letter = new DeadLetter("halftone.job.submitted", 2, 9, "k", null,
                Base64.getEncoder().encodeToString(payload), "bad", "profiler", Instant.EPOCH);
        var back = JSON.read(JSON.write(letter), DeadLetter.class);
        assertArrayEquals(payload, back.payload());
    }

    private static int compareNumbersByValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }
}
