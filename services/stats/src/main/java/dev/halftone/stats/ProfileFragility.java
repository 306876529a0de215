package dev.halftone.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.evaluation.stats.FragilityRanking;
import dev.halftone.evaluation.stats.LayerTrace;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ContractBounds;
import dev.halftone.schemas.ObjectLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's fragility ranking (paper §3), recomputed by halftone-evaluation from the per-step statistics of the
 * profile the profiler stored: {@code cond.activations.json}, the conditional branch, whose location
 * {@code halftone.profile.completed} carries (docs/engine.md, "Activation profile"). A profile that is too large,
 * malformed or holds a non-finite statistic is refused with a message naming the field; its size is checked before
 * it is read.
 */
final class ProfileFragility {
    /** Far above a 9.3B DiT's profile (211 linears x 48 steps x three statistics, about 2 MB). */
    static final long MAX_PROFILE_BYTES = 64L << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProfileFragility() {
    }

    static FragilityRanking read(ObjectStore store, ObjectLocation profile) {
        long size = store.stat(profile).orElseThrow(() -> new IllegalArgumentException("no profile at " + profile)).size();
        if (size > MAX_PROFILE_BYTES) {
            throw new IllegalArgumentException("profile " + profile + " has " + size + " bytes, more than "
                    + MAX_PROFILE_BYTES);
        }
        return parse(store.get(profile));
    }

    static FragilityRanking parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the profile is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profile", e);
        }
        JsonNode layers = root == null ? null : root.get("layers");
        if (layers == null || !layers.isArray() || layers.size() > ContractBounds.MAX_LAYERS) {
            throw new IllegalArgumentException("the profile's layers must be an array of at most "
                    + ContractBounds.MAX_LAYERS + " layers");
        }
        List<LayerTrace> traces = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            JsonNode layer = layers.get(l);
            JsonNode name = layer.get("name");
            JsonNode steps = layer.get("steps");
            if (name == null || !name.isTextual() || steps == null || !steps.isArray()
                    || steps.size() > ContractBounds.MAX_STEPS) {
                throw new IllegalArgumentException("profile layer " + l + " needs a name and at most "
                        + ContractBounds.MAX_STEPS + " steps");
            }
            int count = steps.size();
            double[] maxAbs = new double[count];
            double[] std = new double[count];
            double[] kurtosis = new double[count];
            for (int s = 0; s < count; s++) {
                String where = "profile layer " + name.asText() + " step " + s;
                maxAbs[s] = number(steps.get(s), "max_abs", where);
                std[s] = number(steps.get(s), "std", where);
                kurtosis[s] = number(steps.get(s), "kurtosis", where);
            }
            traces.add(new LayerTrace(name.asText(), maxAbs, std, kurtosis));
        }
        return FragilityRanking.of(traces);
    }

    /** The profiler writes a non-finite statistic as null, which has no fragility. */
    private static double number(JsonNode step, String field, String where) {
        JsonNode value = step.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(where + ": " + field + " is " + value + ", not a finite number");
        }
        return value.asDouble();
    }
}
