package dev.halftone.cli.swarm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why a service process exited during start, read from its log, so the launcher can say it in one line instead of
 * only pointing at the file. Quarkus logs the failure as a stack trace; the root cause is the last "Caused by:" line,
 * and the most helpful line is the first "Caused by:" that repeats the root cause's message, since Halftone wraps a
 * cause with what it was doing (the setting, the file) and keeps the cause's message.
 */
final class StartupLog {
    private static final String CAUSED_BY = "Caused by: ";

    private StartupLog() {
    }

    static Optional<String> cause(Path log) {
        List<String> causes;
        try {
            causes = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith(CAUSED_BY)).map(line -> line.substring(CAUSED_BY.length())).toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (causes.isEmpty()) {
            return Optional.empty();
        }
        String root = causes.getLast();
        int colon = root.indexOf(": ");
        String message = colon < 0 ? root : root.substring(colon + 2);
        return causes.stream().filter(cause -> cause.contains(message)).findFirst();
    }
}
