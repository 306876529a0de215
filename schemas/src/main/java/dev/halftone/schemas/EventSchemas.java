package dev.halftone.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The v1 JSON Schemas (draft 2020-12), loaded once from the classpath. Schemas refer to each other by
 * {@code https://halftone.dev/schemas/...} ids, which resolve to this jar's {@code schemas/} folder: nothing is fetched.
 */
public final class EventSchemas {
    static final String ID_PREFIX = "https://halftone.dev/schemas/";

    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    public EventSchemas() {
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(ID_PREFIX, "classpath:schemas/")));
        var config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .build();
        for (var type : EventType.values()) {
            var schema = factory.getSchema(SchemaLocation.of("classpath:" + type.schemaResource()), config);
            schema.initializeValidators();
            schemas.put(type, schema);
        }
    }

    /** All violations of {@code json} against the schema of {@code type}, sorted by path; empty when valid. */
    public List<SchemaViolation> violations(EventType type, JsonNode json) {
        return schemas.get(type).validate(json).stream()
                .map(message -> new SchemaViolation(message.getInstanceLocation().toString(), message.getError()))
                .sorted(Comparator.comparing(SchemaViolation::path).thenComparing(SchemaViolation::message))
                .distinct()
                .toList();
    }

    /** Throws {@link InvalidEventException} naming every violating path. */
    public void validate(EventType type, JsonNode json) {
        var violations = violations(type, json);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(type, violations);
        }
    }
}
