package dev.halftone.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.PromptSet;
import dev.halftone.schemas.Resolution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Makes the job-submitted event of a study: from a YAML file with the event's own fields (jobId optional), or
 * from a preset over a model stored in the object store, whose config gives the resolution and layer count and
 * whose stored prompt set gives the first {@code prompts} prompts.
 */
final class StudyBuilder {
    private final EventJson json = new EventJson();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectStore store;
    private final ObjectKeys keys;

    StudyBuilder(ObjectStore store, ObjectKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /** A fresh job id: lower-case, as the contract's pattern requires. */
    static String newJobId() {
        return "job-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Reads a study file; the event's schema validates it, so a bad file fails here with JSON paths. */
    JobSubmitted fromFile(Path file, String jobId) throws IOException {
        JsonNode tree = yaml.readTree(Files.readAllBytes(file));
        if (!(tree instanceof ObjectNode study)) {
            throw new IllegalArgumentException(file + " is not a YAML mapping of a study");
        }
        if (!study.has("jobId")) {
            study.put("jobId", jobId);
        }
        return json.read(mapper.writeValueAsBytes(study), JobSubmitted.class);
    }

    JobSubmitted fromPreset(StudyPreset preset, String model, int prompts, List<Long> seeds, int steps, double guidance,
                            String jobId) {
        JsonNode config = readJson(keys.modelFile(model, "config.json"), "model " + model
                + " (upload it first: `halftone demo` stores halftone-tiny)");
        int linears = 6 * config.path("num_layers").asInt() + 7;
        var resolution = new Resolution(config.path("image_width").asInt(), config.path("image_height").asInt());
        JsonNode stored = readJson(keys.promptSet(model), "prompt set " + model);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < Math.min(prompts, stored.size()); i++) {
            first.add(stored.get(i).asText());
        }
        if (first.size() < prompts) {
            throw new IllegalArgumentException("prompt set " + model + " has " + stored.size() + " prompts, " + prompts + " asked");
        }
        return new JobSubmitted(jobId, new ModelReference(model, keys.modelDirectory(model)), preset.variants(linears),
                List.of(PromptSet.inline(model, first)), seeds, steps, guidance, resolution);
    }

    private JsonNode readJson(ObjectLocation location, String what) {
        try {
            return mapper.readTree(store.get(location));
        } catch (MissingObjectException e) {
            throw new IllegalArgumentException(what + " is not stored at " + location.uri());
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " at " + location.uri() + " is not JSON: " + e.getMessage());
        }
    }
}
