package dev.halftone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's {@code ./halftone} on a machine whose only Java is older than 25 (this machine kind's default):
 * one line naming what it checked and how to fix it, exit code 1, before anything is built or started.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("../../halftone").toAbsolutePath().normalize();

    @Test
    void withoutJdk25ItSaysWhereItLookedAndHowToProvideOne(@TempDir Path emptyJvmDir) throws Exception {
        Path oldJdk = fakeJdk(emptyJvmDir.resolve("old-jdk"), "17.0.13");
        var launcher = new ProcessBuilder(List.of("bash", LAUNCHER.toString(), "test"));
        launcher.environment().put("JAVA_HOME", oldJdk.toString());
        launcher.environment().put("HALFTONE_JVM_DIR", emptyJvmDir.resolve("jvm").toString());
        launcher.environment().put("PATH", oldJdk.resolve("bin") + ":/usr/bin:/bin");
        var process = launcher.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher must fail fast");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertEquals(1, process.exitValue());
        assertEquals("", out);
        assertEquals(1, err.size(), String.join("\n", err));
        assertTrue(err.getFirst().startsWith("halftone: JDK 25 not found (checked JAVA_HOME, "), err.getFirst());
        assertTrue(err.getFirst().contains("set JAVA_HOME"), err.getFirst());
    }

    /** A JDK directory the launcher inspects without running it: a release file and executable java and javac. */
    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        for (String tool : List.of("java", "javac")) {
            Path script = home.resolve("bin").resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
            assertTrue(script.toFile().setExecutable(true));
        }
        return home;
    }
}
