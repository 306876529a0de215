package dev.halftone.engine.tiny;

import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyModelWriterTest {

    @TempDir
    Path temp;

    /** halftone-tiny: same seed, same bytes; another seed, other weights; FP8 layout of model.md §5; under 10 MB. */
    @Test
    void seededHalftoneTinyIsReproducibleFp8AndSmall() throws IOException {
        TinyModelWriter.write(temp.resolve("a"), DiTConfig.HALFTONE_TINY, 5L);
        TinyModelWriter.write(temp.resolve("b"), DiTConfig.HALFTONE_TINY, 5L);
        TinyModelWriter.write(temp.resolve("c"), DiTConfig.HALFTONE_TINY, 6L);
        for (String file : new String[]{"config.json", "text_encoder.safetensors", "cond.safetensors",
                "uncond.safetensors"}) {
            assertArrayEquals(Files.readAllBytes(temp.resolve("a").resolve(file)),
                    Files.readAllBytes(temp.resolve("b").resolve(file)), file);
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(temp.resolve("a/cond.safetensors")),
                Files.readAllBytes(temp.resolve("c/cond.safetensors"))));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(temp.resolve("a/cond.safetensors")),
                Files.readAllBytes(temp.resolve("a/uncond.safetensors"))), "branches have separate weights");
        assertTrue(Files.size(temp.resolve("a/cond.safetensors")) < 10_000_000L);
        assertEquals(DiTConfig.HALFTONE_TINY, new ModelDirectory(temp.resolve("a")).config());
        try (SafetensorsFile cond = SafetensorsFile.open(temp.resolve("a/cond.safetensors"))) {
            assertEquals(SafetensorsDtype.F8_E4M3, cond.tensor("layers.5.feed_forward.w2.weight").dtype());
            assertEquals(SafetensorsDtype.F32, cond.tensor("layers.5.feed_forward.w2.weight_scale").dtype());
            assertEquals(SafetensorsDtype.BF16, cond.tensor("layers.5.feed_forward.w2.bias").dtype());
            assertEquals(SafetensorsDtype.BF16, cond.tensor("layers.5.attention.q_norm.weight").dtype());
            long linears = cond.tensors().stream().filter(t -> t.name().endsWith(".weight_scale")).count();
            assertEquals(6 * 6 + 7, linears);
        }
    }
}
