package dev.halftone.stack;

import dev.halftone.platform.Buckets;
import dev.halftone.schemas.TopicCatalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts, inspects and stops a local stack in one data directory: a real KRaft Kafka broker and a real S3 server
 * (S3Proxy), each a detached child process, with the catalogue's topics and the buckets created.
 */
public final class LocalStack {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final StackLibrary library;

    public LocalStack(StackLibrary library) {
        this.library = library;
    }

    /** What {@link #up} did: started a stack, or found one already running in that data directory. */
    public record UpResult(StackEndpoints endpoints, boolean alreadyRunning, Duration took) {
    }

    public UpResult up(StackConfig requested) {
        var started = System.nanoTime();
        var dataDir = requested.dataDir();
        var existing = status(dataDir);
        if (existing.running()) {
            return new UpResult(existing.endpoints().orElseThrow(), true, Duration.ZERO);
        }
        if (!existing.stopped()) {
            // a half-dead stack (one server exited): clear it, keeping its data, before starting afresh
            down(dataDir);
        }
        requested.requirePortsFree();
        try {
            Files.createDirectories(requested.logDir());
        } catch (IOException e) {
            throw new StackException("cannot create " + requested.logDir() + ": " + e.getMessage(), e);
        }
        var kafka = new KafkaBroker(requested, library);
        var s3 = new S3Server(requested, library);
        var endpoints = StackEndpoints.of(requested);
        try {
            // the S3 server starts while the broker's storage is formatted: two JVMs overlap on two cores
            var s3Process = s3.start();
            var kafkaReady = CompletableFuture.runAsync(kafka::prepare);
            join(kafkaReady);
            var kafkaProcess = kafka.start();
            var s3Ready = CompletableFuture.runAsync(() -> {
                s3.awaitReady(s3Process, READY_TIMEOUT);
                StackProvisioner.createBuckets(endpoints, Buckets.DEFAULT);
            });
            try (var admin = kafka.admin()) {
                kafka.awaitReady(kafkaProcess, admin, READY_TIMEOUT);
                StackProvisioner.createTopics(admin, TopicCatalogue.load());
            }
            join(s3Ready);
            new StackState(requested.kafkaPort(), requested.controllerPort(), requested.s3Port(), kafkaProcess.pid(),
                    s3Process.pid(), Instant.now()).write(dataDir);
        } catch (RuntimeException e) {
            kafka.process().stop(STOP_GRACE);
            s3.process().stop(STOP_GRACE);
            throw e;
        }
        return new UpResult(endpoints, false, Duration.ofNanos(System.nanoTime() - started));
    }

    public StackStatus status(Path dataDir) {
        var absolute = dataDir.toAbsolutePath().normalize();
        var state = StackState.read(absolute);
        var kafkaProcess = new StackProcess("kafka", absolute);
        var s3Process = new StackProcess("s3proxy", absolute);
        var kafkaPid = kafkaProcess.running().map(ProcessHandle::pid);
        var s3Pid = s3Process.running().map(ProcessHandle::pid);
        var config = state.map(saved -> saved.config(absolute));
        var kafkaAnswers = kafkaPid.isPresent() && config.map(c -> new KafkaBroker(c, library).answers()).orElse(false);
        var s3Answers = s3Pid.isPresent() && config.map(c -> new S3Server(c, library).answers()).orElse(false);
        return new StackStatus(absolute, config.map(StackEndpoints::of), state.map(StackState::startedAt), List.of(
                new StackStatus.ServerStatus("kafka", kafkaPid, kafkaAnswers, kafkaProcess.log()),
                new StackStatus.ServerStatus("s3proxy", s3Pid, s3Answers, s3Process.log())));
    }

    /**
     * Stops both servers and verifies that neither process is left; data stays for the next up.
     * Returns the names of the servers that were running.
     */
    public List<String> down(Path dataDir) {
        var absolute = dataDir.toAbsolutePath().normalize();
        var stopped = new ArrayList<String>();
        for (var process : List.of(new StackProcess("kafka", absolute), new StackProcess("s3proxy", absolute))) {
            Optional<ProcessHandle> running = process.running();
            process.stop(STOP_GRACE);
            running.ifPresent(handle -> {
                if (handle.isAlive()) {
                    throw new StackException(process.name() + " (pid " + handle.pid() + ") is still running after stop; kill it by hand");
                }
                stopped.add(process.name());
            });
        }
        StackState.delete(absolute);
        return stopped;
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
