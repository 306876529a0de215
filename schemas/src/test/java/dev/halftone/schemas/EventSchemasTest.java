package dev.halftone.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSchemasTest {
    private static final EventSchemas SCHEMAS = new EventSchemas();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleValidates(EventType type) {
        assertEquals(java.util.List.of(), SCHEMAS.violations(type, Examples.tree(type)), Examples.resource(type));
    }

    @Test
    void billionPromptsAreRejectedAtThePromptList() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.promptSets[0].prompts", job -> {
            var prompts = (ArrayNode) job.at("/promptSets/0/prompts");
            for (int i = prompts.size(); i <= ContractBounds.MAX_PROMPTS_PER_SET; i++) {
                prompts.add("p" + i);
            }
        });
    }

    @Test
    void hugeImageIsRejectedAtWidthAndHeight() {
        var job = mutated(EventType.JOB_SUBMITTED, j -> {
            ((ObjectNode) j.get("resolution")).put("width", 100000).put("height", 100000);
        });
        var paths = SCHEMAS.violations(EventType.JOB_SUBMITTED, job).stream().map(SchemaViolation::path).toList();
        assertEquals(java.util.List.of("$.resolution.height", "$.resolution.width"), paths.stream().distinct().toList());
    }

    @Test
    void tooManySeedsAreRejected() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.seeds", job -> {
            var seeds = (ArrayNode) job.get("seeds");
            for (long s = 1000; seeds.size() <= ContractBounds.MAX_SEEDS; s++) {
                seeds.add(s);
            }
        });
    }

    @Test
    void negativeSeedIsRejectedAtItsIndex() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.seeds[1]", job -> ((ArrayNode) job.get("seeds")).set(1, NODES.numberNode(-1)));
    }

    @Test
    void keyEscapingItsPrefixIsRejected() {
        for (var key : new String[]{"../etc/passwd", "/abs/path", "a/../../b", "a//b", "a/./b", "line\nbreak", "x".repeat(1025)}) {
            assertRejectedAt(EventType.JOB_SUBMITTED, "$.model.location.key",
                    job -> ((ObjectNode) job.at("/model/location")).put("key", key));
        }
    }

    @Test
    void int8RecipeWithoutAlphaIsRejected() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.variants[1].recipe",
                job -> ((ObjectNode) job.at("/variants/1/recipe")).remove("alpha"));
    }

    @Test
    void alphaOnANonInt8RecipeIsRejected() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.variants[4].recipe.alpha",
                job -> ((ObjectNode) job.at("/variants/4/recipe")).put("alpha", 0.5));
    }

    @Test
    void unknownFormatIsRejected() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.variants[0].recipe.format",
                job -> ((ObjectNode) job.at("/variants/0/recipe")).put("format", "int3"));
    }

    @Test
    void promptSetWithBothPromptsAndReferenceIsRejected() {
        assertRejectedAt(EventType.JOB_SUBMITTED, "$.promptSets[0]", job -> ((ObjectNode) job.at("/promptSets/0"))
                .set("reference", job.at("/promptSets/1/reference").deepCopy()));
    }

    @Test
    void zeroBitsPerWeightIsRejected() {
        assertRejectedAt(EventType.VARIANT_READY, "$.bitsPerWeight", v -> ((ObjectNode) v).put("bitsPerWeight", 0));
    }

    @Test
    void deadLetterTimeMustBeAnInstant() {
        assertRejectedAt(EventType.DEAD_LETTER, "$.time", d -> ((ObjectNode) d).put("time", "yesterday"));
    }

    @Test
    void emptyMetricsAreRejected() {
        assertRejectedAt(EventType.IMAGE_SCORED, "$.metrics", s -> ((ObjectNode) s).set("metrics", NODES.objectNode()));
    }

    @Test
    void missingJobIdIsRejected() {
        var progress = mutated(EventType.JOB_PROGRESS, p -> ((ObjectNode) p).remove("jobId"));
        var violations = SCHEMAS.violations(EventType.JOB_PROGRESS, progress);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.getFirst().message().contains("jobId"), violations.toString());
    }

    @Test
    void validateThrowsOneLineNamingTypeAndPath() {
        var task = mutated(EventType.GENERATE_TASK, t -> ((ObjectNode) t).put("steps", 100000));
        var error = assertThrows(InvalidEventException.class, () -> SCHEMAS.validate(EventType.GENERATE_TASK, task));
        assertTrue(error.getMessage().startsWith("invalid dev.halftone.generate.task.v1: $.steps"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    private static JsonNode mutated(EventType type, Consumer<JsonNode> change) {
        var tree = Examples.tree(type);
        change.accept(tree);
        return tree;
    }

    private static void assertRejectedAt(EventType type, String path, Consumer<JsonNode> change) {
        var violations = SCHEMAS.violations(type, mutated(type, change));
        assertFalse(violations.isEmpty(), "expected a violation at " + path);
        assertTrue(violations.stream().allMatch(v -> v.path().equals(path)),
                "expected every violation at " + path + " but got " + violations);
    }
}
