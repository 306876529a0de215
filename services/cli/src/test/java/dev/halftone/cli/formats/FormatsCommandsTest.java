package dev.halftone.cli.formats;

import dev.halftone.cli.HalftoneCommand;
import dev.halftone.formats.gguf.GgufFile;
import dev.halftone.formats.int8.Int8Checkpoint;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code halftone gguf encode|inspect} and {@code halftone quantize} on a small BF16 checkpoint. */
class FormatsCommandsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = HalftoneCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path checkpoint() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SplittableRandom random = new SplittableRandom(7);
        List<TensorSpec> specs = List.of(
                TensorSpec.of("layers.0.feed_forward.w1.weight", SafetensorsDtype.F32, 512, 256),
                TensorSpec.of("layers.0.feed_forward.w2.weight", SafetensorsDtype.F32, 256, 512),
                TensorSpec.of("layers.0.feed_forward.w2.bias", SafetensorsDtype.F32, 256),
                TensorSpec.of("final_layer.linear.weight", SafetensorsDtype.F32, 48, 256));
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, specs, Map.of())) {
            for (TensorSpec spec : specs) {
                float[] v = new float[(int) spec.elementCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian() * 0.02f;
                }
                writer.write(spec.name(), MemorySegment.ofArray(v));
            }
        }
        return file;
    }

    @Test
    void encodesAndInspectsGguf() throws IOException {
        Path in = checkpoint();
        Path out = dir.resolve("model.gguf");
        Run encode = run("gguf", "encode", in.toString(), "--type", "q4_k_m", "--out", out.toString(), "--threads", "2");
        assertEquals(0, encode.exit(), encode.err());
        assertTrue(encode.err().contains("100%"), "progress bar reaches 100%: " + encode.err());
        try (GgufFile gguf = GgufFile.open(out)) {
            assertEquals(WeightFormat.Q4_K, gguf.tensor("layers.0.feed_forward.w1.weight").type());
            assertEquals(WeightFormat.Q6_K, gguf.tensor("layers.0.feed_forward.w2.weight").type());
            assertEquals(WeightFormat.F32, gguf.tensor("final_layer.linear.weight").type());
        }
        Run inspect = run("gguf", "inspect", out.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("layers.0.feed_forward.w2.weight") && inspect.out().contains("Q6_K")
                && inspect.out().contains("6.5625"), inspect.out());
        assertTrue(inspect.out().contains("general.quantization_version"), inspect.out());
        Run bad = run("gguf", "encode", in.toString(), "--type", "q3_k", "--out", out.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("--type"), bad.err());
    }

    @Test
    void quantizesToInt8WithTopKProtectionAndToNf4() throws IOException {
        Path in = checkpoint();
        Path profile = dir.resolve("profile.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(profile, List.of(
                TensorSpec.of("layers.0.feed_forward.w1.input_channel_max", SafetensorsDtype.F32, 256),
                TensorSpec.of("layers.0.feed_forward.w2.input_channel_max", SafetensorsDtype.F32, 512)), Map.of())) {
            float[] a = new float[256];
            java.util.Arrays.fill(a, 2f);
            float[] b = new float[512];
            java.util.Arrays.fill(b, 3f);
            writer.write("layers.0.feed_forward.w1.input_channel_max", MemorySegment.ofArray(a));
            writer.write("layers.0.feed_forward.w2.input_channel_max", MemorySegment.ofArray(b));
        }
        Path ranking = dir.resolve("ranking.json");
        Files.writeString(ranking, "{\"ranking\": [{\"layer\": \"layers.0.feed_forward.w2\", \"score\": 9.5},"
                + " {\"layer\": \"layers.0.feed_forward.w1\", \"score\": 1.0}]}");
        Path int8 = dir.resolve("int8.safetensors");
        Run quantize = run("quantize", in.toString(), "--profile", profile.toString(), "--top-k", "1", "--ranking",
                ranking.toString(), "--out", int8.toString(), "--calibration", "prompts=8,steps=48");
        assertEquals(0, quantize.exit(), quantize.err());
        try (Int8Checkpoint checkpoint = Int8Checkpoint.open(int8)) {
            assertEquals(List.of("layers.0.feed_forward.w2"), checkpoint.recipe().protectedLayers());
            assertEquals(List.of("layers.0.feed_forward.w1"), checkpoint.quantizedLinears());
            assertEquals("8", checkpoint.recipe().calibration().get("prompts"));
        }
        Path nf4 = dir.resolve("nf4.safetensors");
        Run nf = run("quantize", in.toString(), "--format", "nf4", "--double-quant", "--protect",
                "final_layer.linear", "--out", nf4.toString());
        assertEquals(0, nf.exit(), nf.err());
        try (SafetensorsFile file = SafetensorsFile.open(nf4)) {
            assertEquals(SafetensorsDtype.U8, file.tensor("layers.0.feed_forward.w1.weight").dtype());
            assertEquals(SafetensorsDtype.U8, file.tensor("layers.0.feed_forward.w1.weight.absmax").dtype());
            assertTrue(file.contains("layers.0.feed_forward.w1.weight.quant_state.bitsandbytes__nf4"));
            assertEquals(SafetensorsDtype.BF16, file.tensor("final_layer.linear.weight").dtype());
        }
        Run both = run("quantize", in.toString(), "--profile", profile.toString(), "--protect", "x", "--top-k", "1",
                "--ranking", ranking.toString(), "--out", int8.toString());
        assertEquals(1, both.exit());
        assertTrue(both.err().contains("--protect"), both.err());
    }
}
