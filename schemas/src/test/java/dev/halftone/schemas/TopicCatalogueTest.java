package dev.halftone.schemas;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicCatalogueTest {
    @Test
    void everyEventTypeHasOneTopicWithItsSchema() {
        var catalogue = TopicCatalogue.load();
        assertEquals(EventType.values().length, catalogue.topics().size());
        for (var type : EventType.values()) {
            var spec = catalogue.topicFor(type);
            assertEquals(type.schemaResource(), spec.schema());
            assertTrue(TopicCatalogueTest.class.getClassLoader().getResource(spec.schema()) != null, spec.schema());
        }
        assertEquals(12, catalogue.topicFor(EventType.GENERATE_TASK).partitions());
    }

    @Test
    void aCatalogueMissingAnEventTypeIsRejected() {
        var one = TopicCatalogue.load().topicFor(EventType.JOB_SUBMITTED);
        var error = assertThrows(IllegalArgumentException.class, () -> new TopicCatalogue("x", List.of(one)));
        assertTrue(error.getMessage().startsWith("no topic carries"), error.getMessage());
    }

    @Test
    void aTopicNamingTheWrongSchemaIsRejected() {
        var error = assertThrows(IllegalArgumentException.class, () -> new TopicSpec("t", "dev.halftone.job.submitted.v1",
                "schemas/variant-ready.v1.json", "jobId", 1, 60_000, List.of("cli"), List.of("stats")));
        assertTrue(error.getMessage().contains("uses schemas/job-submitted.v1.json"), error.getMessage());
    }
}
