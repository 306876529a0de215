package dev.halftone.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One server of the stack as a detached child JVM: its own session ({@code setsid}, so it outlives the CLI and a
 * terminal's Ctrl-C), stdin from /dev/null, stdout and stderr to a log file, and a PID file. Each child carries
 * {@code -Dhalftone.stack=<data dir>}, so a reused PID is never mistaken for it.
 */
record StackProcess(String name, Path dataDir) {
    private static final String MARKER = "-Dhalftone.stack=";

    Path pidFile() {
        return dataDir.resolve(name + ".pid");
    }

    Path log() {
        return dataDir.resolve("logs").resolve(name + ".log");
    }

    ProcessHandle launch(List<String> javaArguments) {
        var command = new ArrayList<String>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(javaBinary());
        command.add(MARKER + dataDir);
        command.addAll(javaArguments);
        try {
            Files.createDirectories(log().getParent());
            var process = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            return process.toHandle();
        } catch (IOException e) {
            throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short-lived tool JVM to completion, logging to this process's log; fails naming the log. */
    void runToCompletion(List<String> javaArguments, Duration timeout) {
        var command = new ArrayList<String>();
        command.add(javaBinary());
        command.addAll(javaArguments);
        try {
            Files.createDirectories(log().getParent());
            var process = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new StackException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log());
            }
            if (process.exitValue() != 0) {
                throw new StackException(name + " failed (exit " + process.exitValue() + "); see " + log());
            }
        } catch (IOException e) {
            throw new StackException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + name, e);
        }
    }

    /** The live process recorded in the PID file, if it is still this stack's. */
    Optional<ProcessHandle> running() {
        try {
            if (!Files.isRegularFile(pidFile())) {
                return Optional.empty();
            }
            var pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone and the PID file removed. */
    void stop(Duration grace) {
        running().ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception again) {
                    throw new StackException(name + " (pid " + process.pid() + ") survived SIGKILL; stop it by hand", again);
                }
            }
        });
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new StackException("cannot remove " + pidFile() + ": " + e.getMessage(), e);
        }
    }

    /** The last non-blank line of the log, for one-line error messages. */
    String lastLogLine() {
        try (var lines = Files.lines(log())) {
            return lines.filter(line -> !line.isBlank()).reduce((first, second) -> second).orElse("(empty log)");
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private boolean isOurs(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains(MARKER + dataDir)).orElse(false)
                || process.info().arguments().map(args -> List.of(args).contains(MARKER + dataDir)).orElse(false);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
