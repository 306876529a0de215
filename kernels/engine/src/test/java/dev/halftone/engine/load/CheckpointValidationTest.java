package dev.halftone.engine.load;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.TestModels;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorInfo;
import dev.halftone.formats.safetensors.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint that does not match its config fails at load, before any sampling, with a message naming the tensor:
 * missing tensor, wrong shape, unknown dtype, unsupported dtype, a tensor the config does not describe, NaN codes.
 */
class CheckpointValidationTest {

    @TempDir
    Path temp;

    @Test
    void theUnmodifiedModelLoads() throws IOException {
        Path dir = copyModel(tensors -> tensors);
        assertDoesNotThrow(() -> open(dir).close());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path dir = copyModel(tensors -> {
            tensors.remove("layers.1.attention.k_norm.weight");
            return tensors;
        });
        assertFailsNaming(dir, "layers.1.attention.k_norm.weight", "missing");
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        Path dir = copyModel(tensors -> {
            Stored bias = tensors.get("layers.0.feed_forward.w2.bias");
            byte[] longer = java.util.Arrays.copyOf(bias.bytes, bias.bytes.length + 2);
            tensors.put("layers.0.feed_forward.w2.bias", new Stored(SafetensorsDtype.BF16,
                    new long[]{bias.shape[0] + 1}, longer));
            return tensors;
        });
        assertFailsNaming(dir, "layers.0.feed_forward.w2.bias", "shape");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        Path dir = copyModel(tensors -> {
            Stored weight = tensors.get("final_layer.linear.weight");
            tensors.put("final_layer.linear.weight", new Stored(SafetensorsDtype.I32, new long[]{weight.shape[0],
                    weight.shape[1] / 4}, weight.bytes));
            return tensors;
        });
        assertFailsNaming(dir, "final_layer.linear.weight", "");
    }

    @Test
    void unknownDtypeInTheHeaderIsNamed() throws IOException {
        Path dir = copyModel(tensors -> tensors);
        Path cond = dir.resolve("cond.safetensors");
        byte[] bytes = Files.readAllBytes(cond);
        String header = new String(bytes, 8, (int) java.nio.ByteBuffer.wrap(bytes, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(), StandardCharsets.UTF_8);
        // "F8_E4M3" -> "F8_E5M2" keeps the header length; Halftone does not read E5M2
        int at = header.indexOf("\"F8_E4M3\"");
        assertTrue(at > 0);
        byte[] replacement = "\"F8_E5M2\"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(replacement, 0, bytes, 8 + at, replacement.length);
        Files.write(cond, bytes);
        String tensor = firstTensorWithDtype(header, "F8_E4M3");
        IOException error = assertThrows(IOException.class, () -> open(dir));
        assertTrue(error.getMessage().contains(tensor) && error.getMessage().contains("dtype"), error.getMessage());
    }

    private static String firstTensorWithDtype(String header, String dtype) {
        var root = (dev.halftone.formats.json.JsonValue.JsonObject) dev.halftone.formats.json.JsonReader.parse(header);
        for (var member : root.members().entrySet()) {
            if (member.getValue() instanceof dev.halftone.formats.json.JsonValue.JsonObject o && o.get("dtype") != null
                    && o.requireString("dtype").equals(dtype)) {
                return member.getKey();
            }
        }
        throw new AssertionError("no " + dtype + " tensor in the header");
    }

    @Test
    void extraTensorIsNamed() throws IOException {
        Path dir = copyModel(tensors -> {
            tensors.put("layers.2.ffn_norm.weight", tensors.get("layers.1.ffn_norm.weight"));
            return tensors;
        });
        assertFailsNaming(dir, "layers.2.ffn_norm.weight", "not part of the model");
    }

    @Test
    void fp8NanCodeIsNamed() throws IOException {
        Path dir = copyModel(tensors -> {
            Stored weight = tensors.get("layers.0.attention.o.weight");
            byte[] bytes = weight.bytes.clone();
            bytes[17] = 0x7F;
            tensors.put("layers.0.attention.o.weight", new Stored(weight.dtype, weight.shape, bytes));
            return tensors;
        });
        assertFailsNaming(dir, "layers.0.attention.o.weight", "NaN");
    }

    @Test
    void configThatDoesNotMatchTheWeightsIsNamed() throws IOException {
        Path dir = copyModel(tensors -> tensors);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"ffn_hidden_size\":128",
                "\"ffn_hidden_size\":192"));
        assertFailsNaming(dir, "layers.0.feed_forward.w1.weight", "shape");
    }

    private void assertFailsNaming(Path dir, String tensor, String problem) {
        CheckpointMismatchException error = assertThrows(CheckpointMismatchException.class, () -> open(dir));
        assertTrue(error.getMessage().contains("\"" + tensor + "\""), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
    }

    private static ImagePipeline open(Path dir) throws IOException {
        return ImagePipeline.open(new ModelDirectory(dir), ModelDirectory.REFERENCE,
                new EngineOptions(1, EngineOptions.KernelChoice.VECTOR));
    }

    private record Stored(SafetensorsDtype dtype, long[] shape, byte[] bytes) {
    }

    /** Copies the micro model, rewriting cond.safetensors through edit. */
    private Path copyModel(UnaryOperator<Map<String, Stored>> edit) throws IOException {
        Path source = TestModels.micro().root();
        Path dir = temp.resolve("model");
        Files.createDirectories(dir);
        for (String name : List.of("config.json", "text_encoder.safetensors", "uncond.safetensors")) {
            Files.copy(source.resolve(name), dir.resolve(name));
        }
        Map<String, Stored> tensors = new LinkedHashMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(source.resolve("cond.safetensors"))) {
            for (TensorInfo info : file.tensors()) {
                tensors.put(info.name(), new Stored(info.dtype(), info.shape().stream().mapToLong(Long::longValue)
                        .toArray(), file.segment(info.name()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            }
        }
        tensors = edit.apply(tensors);
        List<TensorSpec> specs = new ArrayList<>();
        tensors.forEach((name, t) -> specs.add(TensorSpec.of(name, t.dtype, t.shape)));
        try (SafetensorsWriter writer = SafetensorsWriter.create(dir.resolve("cond.safetensors"), specs, Map.of())) {
            for (var e : tensors.entrySet()) {
                writer.write(e.getKey(), MemorySegment.ofArray(e.getValue().bytes));
            }
        }
        return dir;
    }
}
