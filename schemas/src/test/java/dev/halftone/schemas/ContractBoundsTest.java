package dev.halftone.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pins the Java-side limits to the numbers in the schema files, so the two cannot drift apart. */
class ContractBoundsTest {
    private static JsonNode schema(String name) throws IOException {
        try (var in = ContractBoundsTest.class.getClassLoader().getResourceAsStream("schemas/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void sharedTypesMatch() throws IOException {
        var defs = schema("types.v1.json").get("$defs");
        assertEquals(ContractBounds.JOB_ID.pattern(), defs.at("/jobId/pattern").asText());
        assertEquals(ContractBounds.NAME.pattern(), defs.at("/name/pattern").asText());
        assertEquals(ContractBounds.BUCKET.pattern(), defs.at("/bucket/pattern").asText());
        assertEquals(ContractBounds.KEY.pattern(), defs.at("/key/pattern").asText());
        assertEquals(ContractBounds.MAX_KEY_LENGTH, defs.at("/key/maxLength").asInt());
        assertEquals(ContractBounds.LAYER_NAME.pattern(), defs.at("/layerName/pattern").asText());
        assertEquals(ContractBounds.MAX_PROMPTS_PER_SET, defs.at("/promptSet/properties/prompts/maxItems").asInt());
        assertEquals(ContractBounds.MAX_PROMPT_LENGTH, defs.at("/prompt/maxLength").asInt());
        assertEquals(ContractBounds.MAX_PROTECTED_LAYERS, defs.at("/protection/properties/layers/maxItems").asInt());
        assertEquals(ContractBounds.MAX_STEPS, defs.at("/steps/maximum").asInt());
        assertEquals(ContractBounds.MAX_GUIDANCE, defs.at("/guidance/maximum").asDouble());
        assertEquals(ContractBounds.MAX_SIDE, defs.at("/resolution/properties/width/maximum").asInt());
        assertEquals(ContractBounds.MIN_SIDE, defs.at("/resolution/properties/height/minimum").asInt());
        assertEquals(ContractBounds.SIDE_MULTIPLE, defs.at("/resolution/properties/width/multipleOf").asInt());
        assertEquals(ContractBounds.SERVICE.pattern(), defs.at("/service/pattern").asText());
    }

    @Test
    void eventLimitsMatch() throws IOException {
        var job = schema("job-submitted.v1.json").get("properties");
        assertEquals(ContractBounds.MAX_VARIANTS, job.at("/variants/maxItems").asInt());
        assertEquals(ContractBounds.MAX_PROMPT_SETS, job.at("/promptSets/maxItems").asInt());
        assertEquals(ContractBounds.MAX_SEEDS, job.at("/seeds/maxItems").asInt());
        var task = schema("generate-task.v1.json").get("properties");
        assertEquals(ContractBounds.TASK_ID.pattern(), task.at("/taskId/pattern").asText());
        assertEquals(ContractBounds.MAX_PROMPTS_PER_SET - 1, task.at("/promptIndex/maximum").asInt());
        var scored = schema("image-scored.v1.json").get("properties");
        assertEquals(ContractBounds.MAX_METRICS, scored.at("/metrics/maxProperties").asInt());
        assertEquals(ContractBounds.METRIC.pattern(), scored.at("/metrics/propertyNames/pattern").asText());
        assertEquals(ContractBounds.DEVICE.pattern(), schema("image-generated.v1.json").at("/properties/device/pattern").asText());
        var letter = schema("dead-letter.v1.json").get("properties");
        assertEquals(ContractBounds.TOPIC.pattern(), letter.at("/originalTopic/pattern").asText());
        assertEquals(ContractBounds.MAX_PAYLOAD_BASE64_LENGTH, letter.at("/payloadBase64/maxLength").asInt());
        assertEquals(ContractBounds.MAX_ERROR_LENGTH, letter.at("/error/maxLength").asInt());
    }
}
