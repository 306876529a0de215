package dev.halftone.formats.fuzz;

import dev.halftone.formats.gguf.GgufFile;
import dev.halftone.formats.gguf.GgufFormatException;
import dev.halftone.formats.gguf.GgufHeader;
import dev.halftone.formats.gguf.GgufKeys;
import dev.halftone.formats.gguf.GgufTensorInfo;
import dev.halftone.formats.gguf.GgufTensorSpec;
import dev.halftone.formats.gguf.GgufValue;
import dev.halftone.formats.gguf.GgufValueType;
import dev.halftone.formats.gguf.GgufWriter;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsFormatException;
import dev.halftone.formats.safetensors.SafetensorsHeader;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorInfo;
import dev.halftone.formats.safetensors.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates valid safetensors and GGUF files ({@code -Dhalftone.fuzz.cases} per format, 100k in CI) and requires that
 * each is either read correctly or refused with the format's own exception naming a field: nothing else escapes, no
 * case allocates more than {@link #ALLOCATION_FACTOR} times the file size (plus {@link #ALLOCATION_SLACK}), and no
 * case takes longer than {@link #MAX_CASE_MILLIS}.
 */
class HostileFilesFuzzTest {
    /** Parsing builds Java objects (strings, maps) for header bytes: allow that much amplification, no more. */
    private static final long ALLOCATION_FACTOR = 64;
    private static final long ALLOCATION_SLACK = 256 * 1024;
    private static final long MAX_CASE_MILLIS = 2000;
    /** Every this many cases, go through a real file and the memory mapping too. */
    private static final int ON_DISK_EVERY = 500;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private interface Reader {
        void read(byte[] bytes, boolean onDisk) throws Exception;
    }

    @Test
    void mutatedSafetensorsFilesFailOnlyWithTheirOwnException() throws Exception {
        byte[] valid = validSafetensors();
        int headerEnd = 8 + (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        fuzz("safetensors", valid, headerEnd, SafetensorsFormatException.class, (bytes, onDisk) -> {
            if (onDisk) {
                Path file = dir.resolve("case.safetensors");
                Files.write(file, bytes);
                try (SafetensorsFile st = SafetensorsFile.open(file)) {
                    for (TensorInfo t : st.tensors()) {
                        touch(st.segment(t.name()));
                    }
                }
            } else {
                SafetensorsHeader header = SafetensorsHeader.read(MemorySegment.ofArray(bytes));
                long dataStart = 8 + header.headerLength();
                for (TensorInfo t : header.tensors()) {
                    touch(MemorySegment.ofArray(bytes).asSlice(dataStart + t.dataBegin(), t.byteSize()));
                }
            }
        });
    }

    @Test
    void mutatedGgufFilesFailOnlyWithTheirOwnException() throws Exception {
        byte[] valid = validGguf();
        GgufHeader parsed = GgufHeader.parse(MemorySegment.ofArray(valid));
        fuzz("gguf", valid, (int) parsed.dataOffset(), GgufFormatException.class, (bytes, onDisk) -> {
            if (onDisk) {
                Path file = dir.resolve("case.gguf");
                Files.write(file, bytes);
                try (GgufFile gguf = GgufFile.open(file)) {
                    for (GgufTensorInfo t : gguf.tensors()) {
                        touch(gguf.segment(t.name()));
                    }
                    gguf.metadata().values().forEach(HostileFilesFuzzTest::visit);
                }
            } else {
                GgufHeader header = GgufHeader.parse(MemorySegment.ofArray(bytes));
                for (GgufTensorInfo t : header.tensors()) {
                    touch(MemorySegment.ofArray(bytes).asSlice(header.dataOffset() + t.offset(), t.byteSize()));
                }
                header.metadata().values().forEach(HostileFilesFuzzTest::visit);
            }
        });
    }

    private static void fuzz(String format, byte[] valid, int headerEnd, Class<? extends IOException> own, Reader reader)
            throws Exception {
        long cases = Long.getLong("halftone.fuzz.cases", 100_000);
        long seed = Long.getLong("halftone.seed", System.nanoTime());
        ByteMutator mutator = new ByteMutator(seed);
        reader.read(valid, true); // the unmutated file must read
        long accepted = 0;
        long refused = 0;
        for (long c = 0; c < cases; c++) {
            byte[] bytes = mutator.mutate(valid, headerEnd);
            boolean onDisk = c % ON_DISK_EVERY == 0;
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            try {
                reader.read(bytes, onDisk);
                accepted++;
            } catch (Throwable t) {
                if (!own.isInstance(t)) {
                    fail(format + " case " + c + " (seed " + seed + ") escaped with " + t, t);
                }
                String field = t instanceof SafetensorsFormatException s ? s.field() : ((GgufFormatException) t).field();
                if (field == null || field.isEmpty() || !t.getMessage().startsWith(field)) {
                    fail(format + " case " + c + " (seed " + seed + "): message does not name the field: " + t.getMessage());
                }
                refused++;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long budget = ALLOCATION_FACTOR * bytes.length + ALLOCATION_SLACK + (onDisk ? 4L << 20 : 0);
            if (allocated > budget || millis > MAX_CASE_MILLIS) {
                fail(format + " case " + c + " (seed " + seed + ") allocated " + allocated + " bytes for a "
                        + bytes.length + "-byte file in " + millis + " ms");
            }
        }
        System.out.printf("%s fuzz: %d cases (seed %d): %d read, %d refused%n", format, cases, seed, accepted, refused);
        assertTrue(refused > 0, "mutations should break some files");
    }

    private static void touch(MemorySegment segment) {
        if (segment.byteSize() > 0) {
            segment.get(ValueLayout.JAVA_BYTE, 0);
            segment.get(ValueLayout.JAVA_BYTE, segment.byteSize() - 1);
        }
    }

    private static void visit(GgufValue value) {
        if (value instanceof GgufValue.Array(GgufValueType type, List<GgufValue> elements)) {
            elements.forEach(HostileFilesFuzzTest::visit);
        }
    }

    private byte[] validSafetensors() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        List<TensorSpec> specs = List.of(TensorSpec.of("a.weight", SafetensorsDtype.BF16, 4, 8),
                TensorSpec.of("a.weight_scale", SafetensorsDtype.F32),
                TensorSpec.of("b", SafetensorsDtype.F8_E4M3, 3, 5),
                TensorSpec.of("c", SafetensorsDtype.I32, 2));
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of("format", "pt", "recipe", "{\"alpha\":0.5}"))) {
            for (TensorSpec spec : specs) {
                byte[] data = new byte[(int) spec.byteSize()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (i * 37);
                }
                writer.write(spec.name(), MemorySegment.ofArray(data));
            }
        }
        return Files.readAllBytes(file);
    }

    private byte[] validGguf() throws IOException {
        Path file = dir.resolve("valid.gguf");
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put(GgufKeys.ARCHITECTURE, new GgufValue.Text("halftone"));
        metadata.put(GgufKeys.QUANTIZATION_VERSION, new GgufValue.UInt32(2));
        metadata.put(GgufKeys.ALIGNMENT, new GgufValue.UInt32(32));
        metadata.put("t.bool", new GgufValue.Bool(true));
        metadata.put("t.f64", new GgufValue.Float64(1.5));
        metadata.put("t.arr", new GgufValue.Array(GgufValueType.STRING, List.of(new GgufValue.Text("x"), new GgufValue.Text("yz"))));
        metadata.put("t.nested", new GgufValue.Array(GgufValueType.ARRAY, List.of(
                new GgufValue.Array(GgufValueType.UINT16, List.of(new GgufValue.UInt16(3))))));
        List<GgufTensorSpec> specs = List.of(new GgufTensorSpec("q", List.of(64L, 2L), WeightFormat.Q8_0),
                new GgufTensorSpec("k", List.of(256L), WeightFormat.Q4_K),
                new GgufTensorSpec("n", List.of(5L), WeightFormat.F32));
        try (GgufWriter writer = GgufWriter.create(file, metadata, specs)) {
            for (GgufTensorInfo t : writer.tensors()) {
                byte[] data = new byte[(int) t.byteSize()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (i * 11);
                }
                writer.write(t.name(), MemorySegment.ofArray(data));
            }
        }
        return Files.readAllBytes(file);
    }
}
