package dev.halftone.formats.gguf;

import dev.halftone.formats.ggml.GgmlGgufReader;
import dev.halftone.formats.ggml.GgmlQuantizers;
import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp8E4M3;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.quant.WeightSamples;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsToGgufTest {
    @TempDir
    Path dir;

    /** An FP8 reference checkpoint (docs/model.md §5): FP8 linear weights with F32 scales, BF16 biases and norms. */
    private Map<String, float[]> writeFp8Checkpoint(Path file) throws IOException {
        WeightSamples samples = new WeightSamples(WeightSamples.seed());
        Map<String, long[]> linears = new LinkedHashMap<>();
        linears.put("layers.0.attention.qkv", new long[]{768, 256});
        linears.put("layers.0.feed_forward.w2", new long[]{256, 768});
        linears.put("layers.0.feed_forward.w1", new long[]{768, 256});
        linears.put("final_layer.linear", new long[]{48, 256});
        List<TensorSpec> specs = new ArrayList<>();
        Map<String, byte[]> data = new LinkedHashMap<>();
        Map<String, float[]> expected = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> linear : linears.entrySet()) {
            String name = linear.getKey() + ".weight";
            int n = (int) (linear.getValue()[0] * linear.getValue()[1]);
            float[] w = samples.next(n + (256 - n % 256) % 256);
            float scale = 0.0173f;
            byte[] q = new byte[n];
            float[] decoded = new float[n];
            for (int i = 0; i < n; i++) {
                q[i] = Fp8E4M3.encode(w[i] / scale);
                decoded[i] = Bf16.decode(Fp8E4M3.decodeScaledToBf16(q[i], scale));
            }
            specs.add(TensorSpec.of(name, SafetensorsDtype.F8_E4M3, linear.getValue()));
            data.put(name, q);
            specs.add(TensorSpec.of(name + "_scale", SafetensorsDtype.F32));
            data.put(name + "_scale", floatBytes(new float[]{scale}));
            expected.put(name, decoded);
            String bias = linear.getKey() + ".bias";
            float[] b = samples.next(256);
            short[] bf = new short[(int) linear.getValue()[0]];
            float[] bDecoded = new float[bf.length];
            for (int i = 0; i < bf.length; i++) {
                bf[i] = Bf16.encode(b[i % 256]);
                bDecoded[i] = Bf16.decode(bf[i]);
            }
            specs.add(TensorSpec.of(bias, SafetensorsDtype.BF16, linear.getValue()[0]));
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(bf.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (short s : bf) {
                bb.putShort(s);
            }
            data.put(bias, bb.array());
            expected.put(bias, bDecoded);
        }
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of())) {
            for (TensorSpec spec : specs) {
                writer.write(spec.name(), MemorySegment.ofArray(data.get(spec.name())));
            }
        }
        return expected;
    }

    private static byte[] floatBytes(float[] values) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bb.putFloat(v);
        }
        return bb.array();
    }

    @Test
    void encodesAnFp8CheckpointToQ4_K_MThatGgmlLoads() throws IOException {
        Path in = dir.resolve("model.safetensors");
        Map<String, float[]> expected = writeFp8Checkpoint(in);
        Path out = dir.resolve("model.gguf");
        List<Long> progress = new ArrayList<>();
        List<SafetensorsToGguf.EncodedTensor> plan = SafetensorsToGguf.encode(in, out,
                new SafetensorsToGguf.Options(TensorTypePolicy.Q4_K_M, "halftone", 2),
                (i, n, name, written, total) -> progress.add(written));
        assertEquals(8, plan.size(), "FP8 scales are folded, not written");
        assertTrue(progress.size() >= 8 && progress.getLast() == plan.stream().mapToLong(SafetensorsToGguf.EncodedTensor::bytes).sum());
        GgmlGgufReader.Contents ggml = GgmlGgufReader.read(out);
        assertNotNull(ggml, "ggml refused the encoded file");
        assertEquals(new GgufValue.UInt32(TensorTypePolicy.FILE_TYPE_MOSTLY_Q4_K_M), ggml.metadata().get(GgufKeys.FILE_TYPE));
        assertEquals(new GgufValue.UInt32(2), ggml.metadata().get(GgufKeys.QUANTIZATION_VERSION));
        try (GgufFile gguf = GgufFile.open(out)) {
            assertEquals(WeightFormat.Q5_K, gguf.tensor("layers.0.attention.qkv.weight").type());
            assertEquals(WeightFormat.Q6_K, gguf.tensor("layers.0.feed_forward.w2.weight").type());
            assertEquals(WeightFormat.Q4_K, gguf.tensor("layers.0.feed_forward.w1.weight").type());
            assertEquals(WeightFormat.BF16, gguf.tensor("final_layer.linear.weight").type());
            assertEquals(WeightFormat.F32, gguf.tensor("layers.0.feed_forward.w1.bias").type());
            assertEquals(List.of(256L, 768L), gguf.tensor("layers.0.feed_forward.w1.weight").dimensions());
            for (String name : List.of("layers.0.attention.qkv.weight", "layers.0.feed_forward.w2.weight",
                    "layers.0.feed_forward.w1.weight")) {
                byte[] ggmlBytes = GgmlQuantizers.quantizeRowRef(gguf.tensor(name).type(), expected.get(name));
                assertArrayEquals(ggmlBytes, gguf.segment(name).toArray(ValueLayout.JAVA_BYTE), name);
            }
            assertArrayEquals(expected.get("layers.0.feed_forward.w1.bias"),
                    gguf.segment("layers.0.feed_forward.w1.bias").toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
        }
        Path single = dir.resolve("single.gguf");
        SafetensorsToGguf.encode(in, single, new SafetensorsToGguf.Options(TensorTypePolicy.Q4_K_M, "halftone", 1),
                (i, n, name, written, total) -> { });
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(single), "thread count must not change bytes");
    }

    /**
     * Streaming: a tensor of 4 Mi fp32 values (16 MiB, four slabs) reaches the writer in pieces of at most
     * threads × {@link SafetensorsToGguf#SLAB_VALUES} values' encoded bytes, never as a whole tensor, and the bytes
     * are still ggml's.
     */
    @Test
    void largeTensorsReachTheWriterInSlabs() throws IOException {
        int threads = 2;
        long rows = 4096;
        long columns = 1024;
        String name = "layers.0.feed_forward.w1.weight";
        float[] values = new WeightSamples(WeightSamples.seed()).next((int) (rows * columns));
        Path in = dir.resolve("large.safetensors");
        List<TensorSpec> specs = List.of(TensorSpec.of(name, SafetensorsDtype.F32, rows, columns));
        try (SafetensorsWriter writer = SafetensorsWriter.create(in, specs, Map.of())) {
            writer.write(name, MemorySegment.ofArray(floatBytes(values)));
        }
        Path out = dir.resolve("large.gguf");
        List<Long> written = new ArrayList<>();
        written.add(0L);
        SafetensorsToGguf.encode(in, out, new SafetensorsToGguf.Options(TensorTypePolicy.Q8_0, "halftone", threads),
                (i, n, tensor, bytes, total) -> written.add(bytes));
        long slabBytes = threads * WeightFormat.Q8_0.rowBytes(SafetensorsToGguf.SLAB_VALUES);
        long tensorBytes = rows * WeightFormat.Q8_0.rowBytes((int) columns);
        assertEquals(tensorBytes, written.getLast());
        assertTrue(written.size() - 1 >= tensorBytes / slabBytes, "one progress update per slab: " + written);
        for (int i = 1; i < written.size(); i++) {
            assertTrue(written.get(i) - written.get(i - 1) <= slabBytes, "piece " + i + " exceeds a slab: " + written);
        }
        try (GgufFile gguf = GgufFile.open(out)) {
            assertArrayEquals(GgmlQuantizers.quantizeRowRef(WeightFormat.Q8_0, values),
                    gguf.segment(name).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedAndLeaveNoFile() throws IOException {
        Path in = dir.resolve("nan.safetensors");
        float[] w = new float[512];
        w[300] = Float.NaN;
        try (SafetensorsWriter writer = SafetensorsWriter.create(in, List.of(TensorSpec.of("l.weight", SafetensorsDtype.F32, 2, 256)), Map.of())) {
            writer.write("l.weight", MemorySegment.ofArray(w));
        }
        Path out = dir.resolve("nan.gguf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsToGguf.encode(in, out,
                new SafetensorsToGguf.Options(TensorTypePolicy.Q8_0, "halftone", 1), (i, n, name, written, total) -> { }));
        assertTrue(e.getMessage().contains("l.weight") && e.getMessage().contains("300"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
