package dev.halftone.formats.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void writesAndMapsEveryDtypeWithMetadata() throws IOException {
        Path file = dir.resolve("m.safetensors");
        float[] weights = {1f, -2.5f, 3.25f, 0f, 7f, 8f};
        List<TensorSpec> specs = List.of(
                TensorSpec.of("layers.0.w", SafetensorsDtype.F32, 2, 3),
                TensorSpec.of("bias", SafetensorsDtype.BF16, 3),
                TensorSpec.of("scalar", SafetensorsDtype.I32),
                TensorSpec.of("empty", SafetensorsDtype.F16, 0, 4),
                TensorSpec.of("q", SafetensorsDtype.I8, 5),
                TensorSpec.of("u", SafetensorsDtype.U8, 1),
                TensorSpec.of("fp8", SafetensorsDtype.F8_E4M3, 3));
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of("format", "pt", "k", "v\"\u00e9"))) {
            writer.begin("layers.0.w");
            writer.append(MemorySegment.ofArray(weights).asSlice(0, 8));
            writer.append(MemorySegment.ofArray(weights).asSlice(8));
            writer.write("bias", MemorySegment.ofArray(new short[]{0x3f80, (short) 0xc000, 0}));
            writer.write("scalar", MemorySegment.ofArray(new int[]{42}));
            writer.write("empty", MemorySegment.NULL.reinterpret(0));
            writer.write("q", MemorySegment.ofArray(new byte[]{-127, -1, 0, 1, 127}));
            writer.write("u", MemorySegment.ofArray(new byte[]{(byte) 255}));
            writer.write("fp8", MemorySegment.ofArray(new byte[]{0x7e, 0, (byte) 0xfe}));
        }
        assertFalse(Files.exists(dir.resolve("m.safetensors.partial")));
        byte[] raw = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "data section starts 8-aligned");
        String header = new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{"), header);
        assertTrue(header.contains("\"layers.0.w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt", "k", "v\"\u00e9"), st.metadata());
            assertEquals(List.of("layers.0.w", "bias", "scalar", "empty", "q", "u", "fp8"),
                    st.tensors().stream().map(TensorInfo::name).toList());
            TensorInfo w = st.tensor("layers.0.w");
            assertEquals(List.of(2L, 3L), w.shape());
            assertEquals(6, w.elementCount());
            assertArrayEquals(weights, st.segment("layers.0.w").toArray(ValueLayout.JAVA_FLOAT));
            assertEquals(42, st.segment("scalar").get(ValueLayout.JAVA_INT_UNALIGNED, 0));
            assertEquals(0, st.segment("empty").byteSize());
            assertEquals((byte) 0xfe, st.segment("fp8").get(ValueLayout.JAVA_BYTE, 2));
            assertTrue(st.segment("q").isReadOnly());
            assertThrows(IllegalArgumentException.class, () -> st.tensor("missing"));
        }
    }

    @Test
    void refusesOutOfOrderOversizedOrIncompleteWrites() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        List<TensorSpec> specs = List.of(TensorSpec.of("a", SafetensorsDtype.F32, 2), TensorSpec.of("b", SafetensorsDtype.U8, 1));
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of())) {
            assertThrows(IllegalStateException.class, () -> writer.begin("b"));
        }
        assertFalse(Files.exists(file));
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of())) {
            assertThrows(IllegalStateException.class, () -> writer.write("a", MemorySegment.ofArray(new float[3])));
        }
        assertFalse(Files.exists(file));
        SafetensorsWriter incomplete = SafetensorsWriter.create(file, specs, Map.of());
        incomplete.write("a", MemorySegment.ofArray(new float[2]));
        IllegalStateException e = assertThrows(IllegalStateException.class, incomplete::close);
        assertTrue(e.getMessage().contains("1 of 2"), e.getMessage());
        assertFalse(Files.exists(file));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.create(file,
                List.of(TensorSpec.of("a", SafetensorsDtype.U8, 1), TensorSpec.of("a", SafetensorsDtype.U8, 1)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.of("__metadata__", SafetensorsDtype.U8, 1));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.of("x", SafetensorsDtype.U8, -1));
    }

    @Test
    void mapsFilesLargerThanTwoGigabytes() throws IOException {
        Path file = dir.resolve("big.safetensors");
        long elements = (1L << 31) / 4 + 1024; // 2 GiB + 4 KiB of F32, a sparse file on disk
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0," + elements * 4 + "]}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            raf.write(headerBytes);
            raf.setLength(8 + headerBytes.length + elements * 4);
            raf.seek(8 + headerBytes.length + (elements - 1) * 4);
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(3.5f).array());
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            MemorySegment big = st.segment("big");
            assertEquals(elements * 4, big.byteSize());
            assertEquals(3.5f, big.get(ValueLayout.JAVA_FLOAT_UNALIGNED, (elements - 1) * 4));
            assertEquals(0f, big.get(ValueLayout.JAVA_FLOAT_UNALIGNED, (1L << 31) + 4));
        }
    }
}
