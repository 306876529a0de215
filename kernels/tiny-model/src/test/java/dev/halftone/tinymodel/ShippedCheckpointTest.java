package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.numeric.Fp8E4M3;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.TensorInfo;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The FP8 reference shipped in resources/halftone-tiny holds exactly docs/model.md's tensors (§2, §3) in the
 * dtypes of §5, with the per-tensor scale rule of docs/tiny-model.md (largest weight at code ±448).
 */
class ShippedCheckpointTest {
    private static final int D = 256;
    private static final int F = 768;
    private static final int LAYERS = 6;
    private static final int HEAD_DIM = 64;
    private static final int PATCH_DIM = 3 * 4 * 4;

    @Test
    void configIsSectionOnesHalftoneTiny() throws Exception {
        JsonObject config = (JsonObject) JsonReader.parse(Files.readString(modelFile("config.json")));
        assertEquals("halftone-tiny", config.requireString("name"));
        Map<String, Double> expected = Map.ofEntries(Map.entry("image_height", 64.0), Map.entry("image_width", 128.0),
                Map.entry("channels", 3.0), Map.entry("patch_size", 4.0), Map.entry("hidden_size", 256.0),
                Map.entry("num_layers", 6.0), Map.entry("num_heads", 4.0), Map.entry("ffn_hidden_size", 768.0),
                Map.entry("text_hidden_size", 256.0), Map.entry("text_max_tokens", 48.0),
                Map.entry("timestep_embedding_size", 256.0), Map.entry("rope_theta", 10000.0),
                Map.entry("norm_eps", 1e-6), Map.entry("default_guidance", 4.0), Map.entry("base_shift", 0.5),
                Map.entry("max_shift", 1.15));
        expected.forEach((key, value) -> assertEquals(value, config.requireNumber(key).doubleValue(), key));
        assertEquals(expected.size() + 1, config.members().size(), "unexpected keys in " + config.members().keySet());
    }

    @Test
    void branchesHoldSectionThreesTensorsAsFp8Reference() throws Exception {
        Map<String, List<Long>> linears = linearShapes();
        assertEquals(6 * LAYERS + 7, linears.size());
        for (String branch : List.of("cond.safetensors", "uncond.safetensors")) {
            try (SafetensorsFile file = SafetensorsFile.open(modelFile(branch))) {
                Map<String, TensorInfo> tensors = new TreeMap<>();
                file.tensors().forEach(t -> tensors.put(t.name(), t));
                Map<String, List<Object>> expected = new TreeMap<>();
                linears.forEach((name, shape) -> {
                    expected.put(name + ".weight", List.of(SafetensorsDtype.F8_E4M3, shape));
                    expected.put(name + ".weight_scale", List.of(SafetensorsDtype.F32, List.of()));
                    expected.put(name + ".bias", List.of(SafetensorsDtype.BF16, List.of(shape.getFirst())));
                });
                for (int i = 0; i < LAYERS; i++) {
                    expected.put("layers." + i + ".attention_norm.weight", List.of(SafetensorsDtype.BF16, List.of((long) D)));
                    expected.put("layers." + i + ".ffn_norm.weight", List.of(SafetensorsDtype.BF16, List.of((long) D)));
                    expected.put("layers." + i + ".attention.q_norm.weight",
                            List.of(SafetensorsDtype.BF16, List.of((long) HEAD_DIM)));
                    expected.put("layers." + i + ".attention.k_norm.weight",
                            List.of(SafetensorsDtype.BF16, List.of((long) HEAD_DIM)));
                }
                assertEquals(expected.keySet(), tensors.keySet(), branch);
                expected.forEach((name, dtypeAndShape) -> {
                    assertEquals(dtypeAndShape.get(0), tensors.get(name).dtype(), branch + " " + name);
                    assertEquals(dtypeAndShape.get(1), tensors.get(name).shape(), branch + " " + name);
                });
                for (String linear : linears.keySet()) {
                    assertLargestCodeIs448(file.segment(linear + ".weight"), branch + " " + linear);
                    float scale = file.segment(linear + ".weight_scale").get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0);
                    assertTrue(scale > 0 && Float.isFinite(scale), branch + " " + linear + " scale " + scale);
                }
                assertNotNull(file.metadata().get("data_generator_version"), "training record in metadata");
            }
        }
    }

    @Test
    void textEncoderIsBf16EmbeddingAndPosition() throws Exception {
        try (SafetensorsFile file = SafetensorsFile.open(modelFile("text_encoder.safetensors"))) {
            assertEquals(2, file.tensors().size());
            assertEquals(SafetensorsDtype.BF16, file.tensor("text_encoder.embedding.weight").dtype());
            assertEquals(List.of(257L, 256L), file.tensor("text_encoder.embedding.weight").shape());
            assertEquals(List.of(48L, 256L), file.tensor("text_encoder.position.weight").shape());
        }
    }

    /** (out, in) of every linear of §3. */
    private static Map<String, List<Long>> linearShapes() {
        Map<String, List<Long>> shapes = new TreeMap<>();
        shapes.put("input_proj", shape(D, PATCH_DIM));
        shapes.put("t_embedding.linear_1", shape(D, 256));
        shapes.put("t_embedding.linear_2", shape(D, D));
        shapes.put("llm_cond_proj", shape(D, 256));
        shapes.put("adaln_proj", shape(D, D));
        shapes.put("final_layer.adaln_modulation", shape(2 * D, D));
        shapes.put("final_layer.linear", shape(PATCH_DIM, D));
        for (int i = 0; i < LAYERS; i++) {
            String layer = "layers." + i + ".";
            shapes.put(layer + "adaln_modulation", shape(6 * D, D));
            shapes.put(layer + "attention.qkv", shape(3 * D, D));
            shapes.put(layer + "attention.o", shape(D, D));
            shapes.put(layer + "feed_forward.w1", shape(F, D));
            shapes.put(layer + "feed_forward.w2", shape(D, F));
            shapes.put(layer + "feed_forward.w3", shape(F, D));
        }
        return shapes;
    }

    /** Scale = max|W| / 448 puts the largest weight on code ±0x7E; no code is NaN. */
    private static void assertLargestCodeIs448(MemorySegment codes, String what) {
        int largest = 0;
        for (long i = 0; i < codes.byteSize(); i++) {
            int magnitude = codes.get(ValueLayout.JAVA_BYTE, i) & 0x7F;
            assertTrue(magnitude != Fp8E4M3.NAN_BITS, what + " holds a NaN code at " + i);
            largest = Math.max(largest, magnitude);
        }
        assertEquals(Fp8E4M3.MAX_BITS, largest, what);
    }

    private static List<Long> shape(long out, long in) {
        return List.of(out, in);
    }

    private static Path modelFile(String name) throws IOException, URISyntaxException {
        URL url = ShippedCheckpointTest.class.getResource("/halftone-tiny/" + name);
        if (url == null) {
            throw new IOException("halftone-tiny/" + name + " is not on the class path");
        }
        return Path.of(url.toURI());
    }
}
