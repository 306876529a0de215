package dev.halftone.formats.gguf;

import dev.halftone.formats.ggml.GgmlGgufReader;
import dev.halftone.formats.ggml.GgmlQuantizers;
import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.quant.WeightSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** GGUF files written by Halftone, read by ggml's own reader and by @huggingface/gguf. */
class GgufReadByOthersTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {32, 64, 1, 256})
    void ggmlLoadsTheFileAndReadsTheSameHeader(int alignment) throws IOException {
        Path file = dir.resolve("a" + alignment + ".gguf");
        Map<String, GgufValue> metadata = GgufSamples.metadata(false, alignment);
        Map<String, float[]> sources = GgufSamples.write(file, metadata, WeightSamples.seed());
        GgmlGgufReader.Contents ggml = GgmlGgufReader.read(file);
        assertNotNull(ggml, "gguf_init_from_file refused the file (see ggml's message on stderr)");
        try (GgufFile ours = GgufFile.open(file)) {
            assertEquals(3, ggml.version());
            assertEquals(alignment, ggml.alignment());
            assertEquals(ours.header().dataOffset(), ggml.dataOffset());
            assertEquals(metadata, ggml.metadata());
            assertEquals(metadata, ours.metadata());
            assertEquals(ours.tensors().size(), ggml.tensors().size());
            for (int i = 0; i < ours.tensors().size(); i++) {
                GgufTensorInfo mine = ours.tensors().get(i);
                GgmlGgufReader.Tensor theirs = ggml.tensors().get(i);
                assertEquals(mine.name(), theirs.name());
                List<Long> ne = new ArrayList<>(mine.dimensions());
                while (ne.size() < 4) {
                    ne.add(1L);
                }
                assertEquals(ne, theirs.ne(), mine.name());
                assertEquals(mine.type().ggmlType(), theirs.ggmlType(), mine.name());
                assertEquals(mine.offset(), theirs.offset(), mine.name());
                assertEquals(mine.byteSize(), theirs.size(), mine.name());
                if (mine.type().isQuantized()) {
                    // the stored blocks are what ggml itself makes of the same values
                    byte[] expected = GgmlQuantizers.quantizeRowRef(mine.type(), sources.get(mine.name()));
                    assertArrayEquals(expected, ours.segment(mine.name()).toArray(ValueLayout.JAVA_BYTE), mine.name());
                }
            }
        }
    }

    @Test
    void pytorchShapesAreStoredReversed() throws IOException {
        Path file = dir.resolve("shape.gguf");
        GgufSamples.write(file, GgufSamples.metadata(false, 32), 1);
        GgmlGgufReader.Contents ggml = GgmlGgufReader.read(file);
        GgmlGgufReader.Tensor q4 = ggml.tensors().stream().filter(t -> t.name().contains("q4_k")).findFirst().orElseThrow();
        // written from PyTorch shape (3, 512): ne[0] = 512 inputs, ne[1] = 3 outputs
        assertEquals(List.of(512L, 3L, 1L, 1L), q4.ne());
        assertEquals(WeightFormat.Q4_K.ggmlType(), q4.ggmlType());
    }

    @Test
    void huggingfaceGgufReadsTheHeader() throws Exception {
        Path file = dir.resolve("hf.gguf");
        Map<String, GgufValue> metadata = GgufSamples.metadata(false, 32);
        GgufSamples.write(file, metadata, 2);
        JsonObject read = (JsonObject) JsonReader.parse(runNode(file));
        try (GgufFile ours = GgufFile.open(file)) {
            assertEquals(Long.toString(ours.header().dataOffset()), read.requireString("tensorDataOffset"));
            JsonObject kv = read.requireObject("metadata");
            assertEquals("halftone", kv.requireString(GgufKeys.ARCHITECTURE));
            assertEquals("h\u00e9llo \u2603 \"quoted\"", kv.requireString("t.str"));
            assertEquals(-128, kv.requireNumber("t.i8").longValueExact());
            assertEquals("18446744073709551615", kv.requireString("t.u64"));
            assertEquals(List.of("a", ""), ((JsonArray) kv.require("t.arr.str")).elements().stream()
                    .map(v -> ((JsonValue.JsonString) v).value()).toList());
            List<JsonValue> tensors = read.requireArray("tensors").elements();
            assertEquals(ours.tensors().size(), tensors.size());
            for (int i = 0; i < tensors.size(); i++) {
                JsonObject t = (JsonObject) tensors.get(i);
                GgufTensorInfo mine = ours.tensors().get(i);
                assertEquals(mine.name(), t.requireString("name"));
                assertEquals(mine.type().ggmlType(), t.requireNumber("dtype").longValueExact());
                assertEquals(Long.toString(mine.offset()), t.requireString("offset"));
                assertEquals(mine.dimensions().stream().map(String::valueOf).toList(),
                        t.requireArray("shape").elements().stream().map(v -> ((JsonValue.JsonString) v).value()).toList());
            }
        }
    }

    private static String runNode(Path file) throws Exception {
        Path script = Path.of(System.getProperty("halftone.gguf.node.dir"), "read-gguf-header.mjs");
        Process process = new ProcessBuilder("node", script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("@huggingface/gguf failed on " + file);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
