package dev.halftone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input ends in one line naming the problem and the fix, with a non-zero exit code; no stack is started. */
class HalftoneCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var command = HalftoneCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aPortOutOfRangeNamesTheFlag(@TempDir Path data) {
        assertEquals(1, run("stack", "up", "--data-dir", data.toString(), "--kafka-port", "80"));
        assertEquals("halftone: --kafka-port 80 is out of range; use a port from 1024 to 65535", err.toString().strip());
    }

    @Test
    void anUnknownSubcommandPointsAtHelp() {
        assertEquals(2, run("stack", "frobnicate"));
        assertEquals("halftone: Unmatched argument at index 1: 'frobnicate' (see: halftone stack --help)", err.toString().strip());
    }

    @Test
    void statusOfAnEmptyDirectorySaysHowToStart(@TempDir Path data) {
        assertEquals(1, run("stack", "status", "--data-dir", data.toString()));
        assertEquals("no stack running in " + data.toAbsolutePath().normalize() + " (start one with: halftone stack up)", out.toString().strip());
    }

    @Test
    void downWithNothingRunningIsNotAnError(@TempDir Path data) {
        assertEquals(0, run("stack", "down", "--data-dir", data.toString()));
        assertTrue(out.toString().startsWith("no stack was running in "), out.toString());
    }
}
