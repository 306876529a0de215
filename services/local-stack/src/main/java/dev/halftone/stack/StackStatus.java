package dev.halftone.stack;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a data directory's stack is doing: whether each server's process lives and answers, where it answers, and
 * for a dead one the log to read.
 */
public record StackStatus(Path dataDir, Optional<StackEndpoints> endpoints, Optional<Instant> startedAt,
                          List<ServerStatus> servers) {
    /** One server: name, pid if alive, whether it answers, its log. */
    public record ServerStatus(String name, Optional<Long> pid, boolean answers, Path log) {
    }

    public boolean running() {
        return endpoints.isPresent() && servers.stream().allMatch(ServerStatus::answers);
    }

    public boolean stopped() {
        return endpoints.isEmpty() && servers.stream().allMatch(server -> server.pid().isEmpty());
    }
}
