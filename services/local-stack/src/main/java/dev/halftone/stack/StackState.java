package dev.halftone.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** What {@code stack up} started, saved as {@code <data>/stack.json} so that status, down and a second up find it. */
record StackState(int kafkaPort, int controllerPort, int s3Port, long kafkaPid, long s3Pid, Instant startedAt) {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static Path file(Path dataDir) {
        return dataDir.resolve("stack.json");
    }

    static Optional<StackState> read(Path dataDir) {
        var file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new StackException(file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("") + "); remove it and run halftone stack down");
        }
    }

    void write(Path dataDir) {
        try {
            JSON.writeValue(file(dataDir).toFile(), this);
        } catch (IOException e) {
            throw new StackException("cannot write " + file(dataDir) + ": " + e.getMessage(), e);
        }
    }

    StackConfig config(Path dataDir) {
        return new StackConfig(dataDir, kafkaPort, controllerPort, s3Port);
    }

    static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(file(dataDir));
        } catch (IOException e) {
            throw new StackException("cannot remove " + file(dataDir) + ": " + e.getMessage(), e);
        }
    }
}
