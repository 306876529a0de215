package dev.halftone.engine.load;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.kernel.ReferenceF32Matmul;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.linear.LinearFormat;
import dev.halftone.engine.simd.PackedF32Matrix;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The FP8 reference backend equals a bf16 matmul on the exactly dequantized weights, the dequantization computed
 * here independently from the E4M3 bit fields: float32 product, then bf16 round-to-nearest-even on the bits.
 */
class Fp8ReferenceTest {

    private static final float[] SCALES = {1f, 0.0123f, 3.7e-5f, 1.5f / 448f, 255.9f};

    @TempDir
    Path temp;

    @Test
    void everyCodeDequantizesAsSpecified() {
        for (float scale : SCALES) {
            for (int code = 0; code < 256; code++) {
                if ((code & 0x7F) == 0x7F) {
                    continue;
                }
                assertEquals(Float.floatToRawIntBits(independent((byte) code, scale)),
                        Float.floatToRawIntBits(Fp8Reference.dequantize((byte) code, scale)),
                        "code " + code + " scale " + scale);
            }
        }
    }

    @Test
    void fp8LinearEqualsMatmulOnDequantizedWeights() throws IOException {
        int out = 24, in = 40, rows = 5;
        SplittableRandom random = new SplittableRandom(31);
        byte[] codes = new byte[out * in];
        for (int i = 0; i < codes.length; i++) {
            int c;
            do {
                c = random.nextInt(256);
            } while ((c & 0x7F) == 0x7F);
            codes[i] = (byte) c;
        }
        float scale = 0.0173f;
        byte[] bias = new byte[2 * out];
        for (int i = 0; i < out; i++) {
            short b = dev.halftone.formats.numeric.Bf16.encode((float) random.nextGaussian());
            bias[2 * i] = (byte) b;
            bias[2 * i + 1] = (byte) (b >> 8);
        }
        byte[] scaleBytes = new byte[4];
        MemorySegment.ofArray(scaleBytes).set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0,
                scale);
        Path file = temp.resolve("one.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, List.of(
                TensorSpec.of("probe.weight", SafetensorsDtype.F8_E4M3, out, in),
                TensorSpec.of("probe.weight_scale", SafetensorsDtype.F32),
                TensorSpec.of("probe.bias", SafetensorsDtype.BF16, out)), Map.of())) {
            writer.write("probe.weight", MemorySegment.ofArray(codes));
            writer.write("probe.weight_scale", MemorySegment.ofArray(scaleBytes));
            writer.write("probe.bias", MemorySegment.ofArray(bias));
        }
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = independent(codes[i], scale);
        }
        float[] b = new float[out];
        for (int i = 0; i < out; i++) {
            b[i] = Float.intBitsToFloat(((bias[2 * i + 1] & 0xFF) << 24) | ((bias[2 * i] & 0xFF) << 16));
        }
        float[] expected = new float[rows * out];
        ReferenceF32Matmul.INSTANCE.multiply(x, 0, in, rows, PackedF32Matrix.ofRows(w, out, in), b, expected, 0, out,
                null);
        try (WorkerPool pool = new WorkerPool(2);
             SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(file,
                     KernelSet.of(EngineOptions.KernelChoice.VECTOR), pool)) {
            LinearBackend linear = checkpoint.cpuBackend(checkpoint.linear("probe", out, in));
            assertEquals(LinearFormat.FP8, linear.format());
            assertEquals(out * in + 4 + 2L * out, linear.storedBytes());
            float[] actual = new float[rows * out];
            linear.forward(x, rows, actual);
            assertArrayEquals(expected, actual, 0f);
        }
    }

    /** E4M3FN from its fields, times scale in float32, then bf16 by rounding the bits half to even. */
    private static float independent(byte code, float scale) {
        int bits = code & 0xFF;
        int exponent = (bits >> 3) & 0xF;
        int mantissa = bits & 7;
        double magnitude = exponent == 0 ? mantissa / 8.0 * Math.pow(2, -6)
                : (1 + mantissa / 8.0) * Math.pow(2, exponent - 7);
        float value = (float) ((bits & 0x80) != 0 ? -magnitude : magnitude);
        int f = Float.floatToRawIntBits(value * scale);
        int rounded = f + 0x7FFF + ((f >> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xFFFF0000);
    }
}
