package dev.halftone.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreColumnTest {

    @TempDir
    Path dir;

    @Test
    void readsOneScorePerLineWithAnOptionalHeader() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "clip\n17.5\n\n18.25\n-1e-3\n");
        assertArrayEquals(new double[] {17.5, 18.25, -0.001}, ScoreColumn.read(file));
    }

    @Test
    void badLinesAreNamedWithFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("b.csv"), "1.0\n2.0\nabc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoreColumn.read(file));
        assertTrue(e.getMessage().contains("b.csv:3"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.csv"), "score\n");
        e = assertThrows(IllegalArgumentException.class, () -> ScoreColumn.read(empty));
        assertTrue(e.getMessage().contains("empty.csv"), e.getMessage());
        Path nan = Files.writeString(dir.resolve("nan.csv"), "1\nNaN\n");
        e = assertThrows(IllegalArgumentException.class, () -> ScoreColumn.read(nan));
        assertTrue(e.getMessage().contains("nan.csv:2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScoreColumn.read(dir.resolve("absent.csv")));
    }
}
