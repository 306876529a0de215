package dev.halftone.cli.swarm;

import dev.halftone.stack.StackEndpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the six services as child processes against a running local stack, one log per service under
 * {@code <swarm dir>/logs}, and a pid file each so that a later {@code halftone swarm down} (or the demo's exit)
 * stops exactly these processes. Each service is started from its Quarkus fast-jar,
 * {@code services/<name>/target/quarkus-app/quarkus-run.jar}.
 */
public final class SwarmLauncher {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private final Path servicesRoot;
    private final Path swarmDir;
    private final int basePort;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param servicesRoot the {@code services} directory of a built checkout
     * @param swarmDir where logs and pid files go
     * @param environment extra settings for every service, e.g. {@code HALFTONE_PROFILER_CALIBRATION_PROMPTS}
     */
    public SwarmLauncher(Path servicesRoot, Path swarmDir, int basePort, Map<String, String> environment) {
        this.servicesRoot = servicesRoot.toAbsolutePath().normalize();
        this.swarmDir = swarmDir.toAbsolutePath().normalize();
        this.basePort = basePort;
        this.environment = Map.copyOf(environment);
    }

    /** The running swarm's processes, by service. */
    public record Swarm(Map<SwarmService, ProcessHandle> processes, Path logDir, int basePort) {
        /** The stats service's dashboard. */
        public URI dashboard() {
            return URI.create("http://127.0.0.1:" + SwarmService.STATS.port(basePort) + "/dashboard.html");
        }
    }

    /** Starts the services that are not running yet and waits until every one reports ready. */
    public Swarm up(StackEndpoints stack, Map<SwarmService, Integer> replicas) {
        Path logs = swarmDir.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs, e);
        }
        Map<SwarmService, ProcessHandle> started = new EnumMap<>(SwarmService.class);
        for (SwarmService service : SwarmService.values()) {
            var running = running(service, 0);
            started.put(service, running.isPresent() ? running.get() : start(service, 0, stack, logs));
        }
        for (SwarmService service : SwarmService.values()) {
            awaitReady(service, started.get(service), logs);
        }
        for (var extra : replicas.entrySet()) {
            for (int replica = 1; replica < extra.getValue(); replica++) {
                if (running(extra.getKey(), replica).isEmpty()) {
                    start(extra.getKey(), replica, stack, logs);
                }
            }
        }
        return new Swarm(started, logs, basePort);
    }

    /** Stops every service process this launcher started (by pid file); returns the names it stopped. */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        try (var files = Files.exists(swarmDir) ? Files.list(swarmDir) : Stream.<Path>empty()) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(process -> {
                    process.destroy();
                    process.onExit().completeOnTimeout(process, STOP_GRACE.toSeconds(), TimeUnit.SECONDS).join();
                    if (process.isAlive()) {
                        process.destroyForcibly();
                    }
                    stopped.add(pidFile.getFileName().toString().replace(".pid", ""));
                });
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pid files in " + swarmDir, e);
        }
        return stopped;
    }

    /** Starts one replica and records its pid; replica 0 serves HTTP on the service's port, others on a random one. */
    public ProcessHandle start(SwarmService service, int replica, StackEndpoints stack, Path logs) {
        Path jar = servicesRoot.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build the services first: ./mvnw -q install -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(service.jvmFlags(replica == 0 ? service.port(basePort) : 0));
        // each replica its own scratch space: two workers never write the same cached file
        Path scratch = swarmDir.resolve("work").resolve(name(service, replica));
        command.add("-Djava.io.tmpdir=" + scratch);
        command.add("-jar");
        command.add(jar.toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name(service, replica) + ".log").toFile()));
        var settings = builder.environment();
        settings.putAll(environment);
        settings.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        settings.put("HALFTONE_S3_ENDPOINT", stack.s3Endpoint().toString());
        settings.put("HALFTONE_S3_ACCESS_KEY", stack.accessKey());
        settings.put("HALFTONE_S3_SECRET_KEY", stack.secretKey());
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + scratch, e);
        }
        try {
            Process process = builder.start();
            Files.writeString(swarmDir.resolve(name(service, replica) + ".pid"), Long.toString(process.pid()));
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.module(), e);
        }
    }

    private static String name(SwarmService service, int replica) {
        return replica == 0 ? service.module() : service.module() + "-" + replica;
    }

    private Optional<ProcessHandle> running(SwarmService service, int replica) {
        return readPid(swarmDir.resolve(name(service, replica) + ".pid")).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void awaitReady(SwarmService service, ProcessHandle process, Path logs) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port(basePort) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Path log = logs.resolve(service.module() + ".log");
                throw new IllegalStateException(service.module() + " exited during start"
                        + StartupLog.cause(log).map(cause -> ": " + cause).orElse("") + "; see " + log);
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: the wait below is the retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service.module(), e);
            }
            process.onExit().completeOnTimeout(process, 500, TimeUnit.MILLISECONDS).join();
        }
        throw new IllegalStateException(service.module() + " is not ready after " + READY_TIMEOUT + "; see "
                + logs.resolve(service.module() + ".log"));
    }
}
