package dev.halftone.formats.int8;

import dev.halftone.formats.numeric.Bf16;
import dev.halftone.formats.numeric.Fp8E4M3;
import dev.halftone.formats.quant.WeightSamples;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsFormatException;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Int8QuantizationTest {
    @TempDir
    Path dir;

    @Test
    void symmetricQuantizationRoundsHalfToEvenAndClamps() {
        float[] v = {127f, 2.5f, 3.5f, -2.5f, -0.5f, 0.5f, 1.5f, -127f};
        byte[] q = new byte[v.length];
        assertEquals(1f, Int8Symmetric.quantize(v, 0, v.length, q, 0), "amax 127 gives scale 1 exactly");
        assertArrayEquals(new byte[]{127, 2, 4, -2, 0, 0, 2, -127}, q);
        float[] zeros = new float[4];
        assertEquals(1e-5f / 127f, Int8Symmetric.quantize(zeros, 0, 4, q, 0));
        assertThrows(IllegalArgumentException.class, () -> Int8Symmetric.quantize(new float[]{Float.NaN, 1}, 0, 2, q, 0));
    }

    @Test
    void smoothingMatchesTheFormulaAndPreservesTheProduct() {
        SplittableRandom random = new SplittableRandom(WeightSamples.seed());
        int out = 16;
        int in = 64;
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.05f;
        }
        float[] x = new float[in];
        float[] amax = new float[in];
        for (int j = 0; j < in; j++) {
            x[j] = (float) random.nextGaussian() * (j == 5 ? 60f : 1f); // one outlier channel
            amax[j] = Math.abs(x[j]) * 1.5f;
        }
        amax[7] = 0f;
        float[] s = SmoothQuant.smoothingVector(amax, w, out, in, 0.5f);
        for (int j = 0; j < in; j++) {
            double wmax = 0;
            for (int o = 0; o < out; o++) {
                wmax = Math.max(wmax, Math.abs(w[o * in + j]));
            }
            double expected = Math.max(Math.sqrt(amax[j]) / Math.sqrt(Math.max(wmax, 1e-5)), 1e-5);
            assertEquals(expected, s[j], expected * 1e-6, "s[" + j + "]");
        }
        assertEquals(1e-5f, s[7], "clamped");
        float[] smoothed = w.clone();
        SmoothQuant.foldIntoWeight(smoothed, out, in, s);
        float[] xs = x.clone();
        SmoothQuant.smoothActivations(xs, 0, s);
        for (int o = 0; o < out; o++) {
            double plain = 0;
            double folded = 0;
            double magnitude = 0;
            for (int j = 0; j < in; j++) {
                plain += (double) x[j] * w[o * in + j];
                folded += (double) xs[j] * smoothed[o * in + j];
                magnitude += Math.abs((double) x[j] * w[o * in + j]);
            }
            assertEquals(plain, folded, 1e-6 * magnitude);
        }
    }

    @Test
    void gemmAccumulatesExactlyAndAppliesTheEpilogueInOrder() {
        SplittableRandom random = new SplittableRandom(WeightSamples.seed());
        int tokens = 5;
        int in = 96;
        int out = 7;
        float[] x = new float[tokens * in];
        float[] w = new float[out * in];
        float[] bias = new float[out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.1f;
        }
        for (int i = 0; i < out; i++) {
            bias[i] = (float) random.nextGaussian();
        }
        Int8Activations qx = Int8Activations.quantize(x, tokens, in);
        Int8Weights qw = Int8Weights.quantize(w, out, in);
        int[] acc = Int8Gemm.accumulate(qx, qw);
        float[] y = Int8Gemm.linear(qx, qw, bias);
        for (int t = 0; t < tokens; t++) {
            for (int o = 0; o < out; o++) {
                long exact = 0;
                double reference = bias[o];
                for (int k = 0; k < in; k++) {
                    exact += (long) qx.q()[t * in + k] * qw.q()[o * in + k];
                    reference += (double) x[t * in + k] * w[o * in + k];
                }
                assertEquals(exact, acc[t * out + o]);
                float epilogue = (float) exact * qx.scales()[t];
                epilogue = epilogue * qw.scales()[o];
                assertEquals(epilogue + bias[o], y[t * out + o], 0f);
                assertEquals(reference, y[t * out + o], 0.05, "W8A8 stays close to fp64");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Int8Gemm.linear(qx, Int8Weights.quantize(new float[4], 1, 4), null));
    }

    @Test
    void quantizesAnFp8ReferenceIntoTheCheckpointAndReadsItBack() throws IOException {
        SplittableRandom random = new SplittableRandom(WeightSamples.seed());
        Path reference = dir.resolve("fp8.safetensors");
        String[] linears = {"layers.0.attention.qkv", "layers.0.feed_forward.w2"};
        int out = 32;
        int in = 64;
        float scale = 0.002f;
        byte[][] q = new byte[2][out * in];
        for (byte[] weights : q) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Fp8E4M3.encode((float) random.nextGaussian() * 40f);
            }
        }
        List<TensorSpec> specs = List.of(
                TensorSpec.of(linears[0] + ".weight", SafetensorsDtype.F8_E4M3, out, in),
                TensorSpec.of(linears[0] + ".weight_scale", SafetensorsDtype.F32),
                TensorSpec.of(linears[1] + ".weight", SafetensorsDtype.F8_E4M3, out, in),
                TensorSpec.of(linears[1] + ".weight_scale", SafetensorsDtype.F32),
                TensorSpec.of("layers.0.ffn_norm.weight", SafetensorsDtype.BF16, in));
        try (SafetensorsWriter writer = SafetensorsWriter.create(reference, specs, Map.of())) {
            writer.write(specs.get(0).name(), MemorySegment.ofArray(q[0]));
            writer.write(specs.get(1).name(), MemorySegment.ofArray(new float[]{scale}));
            writer.write(specs.get(2).name(), MemorySegment.ofArray(q[1]));
            writer.write(specs.get(3).name(), MemorySegment.ofArray(new float[]{scale}));
            writer.write(specs.get(4).name(), MemorySegment.ofArray(new short[in]));
        }
        Path profile = dir.resolve("profile.safetensors");
        float[] amax = new float[in];
        for (int j = 0; j < in; j++) {
            amax[j] = 1f + (j == 3 ? 80f : (float) random.nextDouble());
        }
        try (SafetensorsWriter writer = SafetensorsWriter.create(profile, List.of(
                TensorSpec.of(linears[0] + ".input_channel_max", SafetensorsDtype.F32, in),
                TensorSpec.of(linears[1] + ".input_channel_max", SafetensorsDtype.F32, in)), Map.of())) {
            writer.write(linears[0] + ".input_channel_max", MemorySegment.ofArray(amax));
            writer.write(linears[1] + ".input_channel_max", MemorySegment.ofArray(amax));
        }
        Path output = dir.resolve("int8.safetensors");
        Int8Quantization.Summary summary = Int8Quantization.run(new Int8Quantization.Request(reference, profile, output,
                Set.of(linears[1]), true, 0.5f, Map.of("profile", "profile.safetensors", "prompts", "8")), (i, n, t) -> { });
        assertEquals(List.of(linears[0]), summary.quantized());
        try (Int8Checkpoint checkpoint = Int8Checkpoint.open(output)) {
            assertEquals(0.5f, checkpoint.recipe().alpha());
            assertEquals(List.of(linears[1]), checkpoint.recipe().protectedLayers());
            assertEquals("8", checkpoint.recipe().calibration().get("prompts"));
            assertEquals(List.of(linears[0]), checkpoint.quantizedLinears());
            SafetensorsFile file = checkpoint.file();
            assertEquals(SafetensorsDtype.BF16, file.tensor(linears[1] + ".weight").dtype(), "protected stays bf16");
            assertEquals(SafetensorsDtype.BF16, file.tensor("layers.0.ffn_norm.weight").dtype());
            assertTrue(!file.contains(linears[0] + ".weight_scale") || file.tensor(linears[0] + ".weight_scale").elementCount() == out);
            short expectedBf16 = Fp8E4M3.decodeScaledToBf16(q[1][5], scale);
            assertEquals(expectedBf16, file.segment(linears[1] + ".weight").get(ValueLayout.JAVA_SHORT_UNALIGNED, 10));
            // the W8A8 product approximates the bf16 reference product
            float[] w = new float[out * in];
            for (int i = 0; i < w.length; i++) {
                w[i] = Bf16.decode(Fp8E4M3.decodeScaledToBf16(q[0][i], scale));
            }
            float[] x = new float[in];
            for (int j = 0; j < in; j++) {
                x[j] = (float) random.nextGaussian() * (j == 3 ? 50f : 1f);
            }
            float[] s = checkpoint.smoothing(linears[0]);
            float[] xs = x.clone();
            SmoothQuant.smoothActivations(xs, 0, s);
            float[] y = Int8Gemm.linear(Int8Activations.quantize(xs, 1, in), checkpoint.weights(linears[0]), null);
            for (int o = 0; o < out; o++) {
                double exact = 0;
                double magnitude = 0;
                for (int j = 0; j < in; j++) {
                    exact += (double) x[j] * w[o * in + j];
                    magnitude += Math.abs((double) x[j] * w[o * in + j]);
                }
                assertEquals(exact, y[o], 0.03 * magnitude, "output " + o);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Int8Quantization.run(new Int8Quantization.Request(reference,
                profile, dir.resolve("x.safetensors"), Set.of("layers.9.nope"), true, 0.5f, Map.of()), (i, n, t) -> { }));
    }

    @Test
    void naiveW8A8QuantizesTheUnsmoothedWeightsAndRecordsIt() throws IOException {
        SplittableRandom random = new SplittableRandom(WeightSamples.seed());
        String linear = "layers.0.attention.o";
        int out = 8;
        int in = 32;
        short[] bf16 = new short[out * in];
        for (int i = 0; i < bf16.length; i++) {
            bf16[i] = Bf16.encode((float) random.nextGaussian());
        }
        Path reference = dir.resolve("bf16.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(reference,
                List.of(TensorSpec.of(linear + ".weight", SafetensorsDtype.BF16, out, in)), Map.of())) {
            writer.write(linear + ".weight", MemorySegment.ofArray(bf16));
        }
        float[] amax = new float[in];
        Arrays.fill(amax, 1f);
        amax[5] = 90f; // an outlier channel: SmoothQuant would move it into the weights
        Path profile = dir.resolve("naive-profile.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(profile,
                List.of(TensorSpec.of(linear + ".input_channel_max", SafetensorsDtype.F32, in)), Map.of())) {
            writer.write(linear + ".input_channel_max", MemorySegment.ofArray(amax));
        }
        Path naive = dir.resolve("naive.safetensors");
        Path smoothed = dir.resolve("smoothed.safetensors");
        Int8Quantization.run(new Int8Quantization.Request(reference, profile, naive, Set.of(), false, 0.5f, Map.of()), (i, n, t) -> { });
        Int8Quantization.run(new Int8Quantization.Request(reference, profile, smoothed, Set.of(), true, 0.5f, Map.of()), (i, n, t) -> { });

        try (Int8Checkpoint checkpoint = Int8Checkpoint.open(naive); Int8Checkpoint other = Int8Checkpoint.open(smoothed)) {
            assertFalse(checkpoint.recipe().smoothQuant());
            assertTrue(other.recipe().smoothQuant());
            float[] ones = new float[in];
            Arrays.fill(ones, 1f);
            assertArrayEquals(ones, checkpoint.smoothing(linear), 0f);
            assertNotEquals(1f, other.smoothing(linear)[5], "the smoothed variant does smooth the outlier channel");
            // independent formulation: symmetric per row, scale = max|row| / 127, round half to even
            Int8Weights q = checkpoint.weights(linear);
            for (int o = 0; o < out; o++) {
                float rowMax = 0f;
                for (int j = 0; j < in; j++) {
                    rowMax = Math.max(rowMax, Math.abs(Bf16.decode(bf16[o * in + j])));
                }
                float rowScale = Math.max(rowMax, 1e-5f) / 127f;
                assertEquals(rowScale, q.scales()[o], 0f, "scale of row " + o);
                for (int j = 0; j < in; j++) {
                    assertEquals((byte) Math.rint(Bf16.decode(bf16[o * in + j]) / rowScale), q.q()[o * in + j], "q[" + o + "][" + j + "]");
                }
            }
        }
        String legacy = new Int8Recipe(true, 0.5f, List.of(), Map.of(), "x").toJson().replace("\"smooth_quant\":true,", "");
        assertTrue(Int8Recipe.fromJson(legacy).smoothQuant(), "a recipe written before naive W8A8 existed was smoothed");
        assertFalse(Int8Recipe.fromJson(new Int8Recipe(false, 0.5f, List.of(), Map.of(), "x").toJson()).smoothQuant());
    }

    @Test
    void refusesACheckpointWithoutItsScales() throws IOException {
        Path bad = dir.resolve("bad.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(bad, List.of(TensorSpec.of("l.weight", SafetensorsDtype.I8, 2, 2)),
                Map.of("format", Int8Recipe.FORMAT, Int8Recipe.METADATA_KEY,
                        new Int8Recipe(true, 0.5f, List.of(), Map.of(), "x").toJson()))) {
            writer.write("l.weight", MemorySegment.ofArray(new byte[4]));
        }
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Int8Checkpoint.open(bad));
        assertTrue(e.field().contains("l.weight_scale"), e.getMessage());
    }
}
