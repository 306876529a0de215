package dev.halftone.formats.safetensors;

import dev.halftone.formats.numeric.Bf16;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Streams a checkpoint tensor into a {@link SafetensorsWriter} as BF16, a chunk at a time: exact for BF16 sources and
 * for FP8 ones (which decode to bf16 by the reference rule), round to nearest even for F16 and F32.
 */
public final class Bf16TensorCopy {
    private static final int CHUNK = 1 << 20;

    private Bf16TensorCopy() {
    }

    /** Writes source tensor {@code spec.name()} as the next tensor of {@code writer}. */
    public static void write(TensorSpec spec, CheckpointFloats source, SafetensorsWriter writer) throws IOException {
        writer.begin(spec.name());
        long n = spec.elementCount();
        int chunk = (int) Math.min(n, CHUNK);
        float[] buffer = new float[chunk];
        short[] bf16 = new short[chunk];
        for (long done = 0; done < n; done += chunk) {
            int k = (int) Math.min(chunk, n - done);
            source.read(spec.name(), done, buffer, 0, k);
            for (int i = 0; i < k; i++) {
                bf16[i] = Bf16.encode(buffer[i]);
            }
            writer.append(MemorySegment.ofArray(bf16).asSlice(0, 2L * k));
        }
    }
}
