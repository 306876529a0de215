package dev.halftone.cli.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.cli.HalftoneCommand;
import dev.halftone.evaluation.stats.PairedBootstrap;
import dev.halftone.evaluation.stats.PairedComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var command = HalftoneCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void printsTheMeanDeltaAndItsBootstrapInterval() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "clip\n17.1\n18.0\n16.5\n17.7\n18.2\n17.0\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "clip\n17.4\n18.3\n16.6\n18.1\n18.2\n17.5\n");
        assertEquals(0, run("stats", "paired", a.toString(), b.toString(), "--json"), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        PairedComparison expected = new PairedBootstrap().compare(new double[] {17.1, 18.0, 16.5, 17.7, 18.2, 17.0},
                new double[] {17.4, 18.3, 16.6, 18.1, 18.2, 17.5});
        assertEquals(6, json.get("n").asInt());
        assertEquals(expected.meanDelta(), json.get("meanDelta").asDouble(), 1e-12);
        assertEquals(expected.ciLow(), json.get("ciLow").asDouble(), 1e-12);
        assertEquals(expected.ciHigh(), json.get("ciHigh").asDouble(), 1e-12);
        assertTrue(json.get("excludesZero").asBoolean());

        out.getBuffer().setLength(0);
        assertEquals(0, run("stats", "paired", a.toString(), b.toString()));
        assertTrue(out.toString().contains("mean delta    +0.266667") && out.toString().contains("95% CI"),
                out.toString());
    }

    @Test
    void filesOfDifferentLengthsAreNamed() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "1\n2\n3\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "1\n2\n");
        assertEquals(1, run("stats", "paired", a.toString(), b.toString()));
        assertTrue(err.toString().contains("a.csv has 3 scores") && err.toString().contains("b.csv has 2"),
                err.toString());
    }
}
