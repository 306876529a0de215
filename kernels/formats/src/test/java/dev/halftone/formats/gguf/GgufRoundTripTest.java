package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyValueTypeIncludingNestedArraysReadsBack() throws IOException {
        Path file = dir.resolve("nested.gguf");
        Map<String, GgufValue> metadata = GgufSamples.metadata(true, 32);
        GgufSamples.write(file, metadata, 3);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(metadata, gguf.metadata());
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(gguf.metadata().keySet()));
            assertEquals(0, gguf.header().dataOffset() % 32);
            for (GgufTensorInfo t : gguf.tensors()) {
                assertEquals(0, t.offset() % 32, t.name());
                assertEquals(t.byteSize(), gguf.segment(t.name()).byteSize());
            }
        }
    }

    @Test
    void writerRefusesWhatGgmlWouldReject() {
        Map<String, GgufValue> ok = Map.of(GgufKeys.ARCHITECTURE, new GgufValue.Text("flux"),
                GgufKeys.QUANTIZATION_VERSION, new GgufValue.UInt32(2));
        Path file = dir.resolve("x.gguf");
        assertThrows(IllegalArgumentException.class, () -> new GgufTensorSpec("x".repeat(64), List.of(32L), WeightFormat.Q8_0));
        assertThrows(IllegalArgumentException.class, () -> new GgufTensorSpec("w", List.of(48L), WeightFormat.Q8_0));
        assertThrows(IllegalArgumentException.class, () -> new GgufTensorSpec("w", List.of(1L, 1L, 1L, 1L, 1L), WeightFormat.F32));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.create(file,
                Map.of(GgufKeys.ARCHITECTURE, new GgufValue.Text("Flux-1")), List.of()));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.create(file,
                Map.of(GgufKeys.ARCHITECTURE, new GgufValue.Text("flux")), List.of(new GgufTensorSpec("w", List.of(32L), WeightFormat.Q8_0))));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.create(file,
                Map.of(GgufKeys.ARCHITECTURE, new GgufValue.Text("flux"), GgufKeys.ALIGNMENT, new GgufValue.UInt32(24)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.create(file, ok,
                List.of(new GgufTensorSpec("w", List.of(32L), WeightFormat.F32), new GgufTensorSpec("w", List.of(32L), WeightFormat.F32))));
        assertFalse(Files.exists(file));
    }

    @Test
    void incompleteOrMisorderedWritesLeaveNoFile() throws IOException {
        Path file = dir.resolve("y.gguf");
        Map<String, GgufValue> meta = Map.of(GgufKeys.ARCHITECTURE, new GgufValue.Text("flux"));
        List<GgufTensorSpec> specs = List.of(new GgufTensorSpec("a", List.of(4L), WeightFormat.F32),
                new GgufTensorSpec("b", List.of(4L), WeightFormat.F32));
        try (GgufWriter writer = GgufWriter.create(file, meta, specs)) {
            assertThrows(IllegalStateException.class, () -> writer.begin("b"));
        }
        assertFalse(Files.exists(file));
        GgufWriter writer = GgufWriter.create(file, meta, specs);
        writer.write("a", MemorySegment.ofArray(new float[4]));
        assertThrows(IllegalStateException.class, writer::close);
        assertFalse(Files.exists(file));
        try (GgufWriter chunked = GgufWriter.create(file, meta, specs)) {
            chunked.begin("a");
            chunked.append(MemorySegment.ofArray(new float[]{1, 2}));
            chunked.append(MemorySegment.ofArray(new float[]{3, 4}));
            chunked.write("b", MemorySegment.ofArray(new float[]{5, 6, 7, 8}));
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(32, gguf.tensor("b").offset());
            assertEquals(8f, gguf.segment("b").getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 3));
            assertTrue(gguf.fileSize() >= gguf.header().dataOffset() + 48);
        }
    }
}
