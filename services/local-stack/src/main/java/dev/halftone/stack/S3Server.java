package dev.halftone.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * S3Proxy with its filesystem backend on loopback, run as a detached child process: objects under
 * {@code <data>/s3/data}, log in {@code <data>/logs/s3proxy.log}. A real S3 API server, not a mock.
 */
final class S3Server {
    /** Local-only credentials, documented in docs/object-store.md; production uses MinIO's own. */
    static final String ACCESS_KEY = "halftone";
    static final String SECRET_KEY = "halftone-local-secret";

    private final StackConfig config;
    private final StackLibrary library;
    private final StackProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    S3Server(StackConfig config, StackLibrary library) {
        this.config = config;
        this.library = library;
        this.process = new StackProcess("s3proxy", config.dataDir());
    }

    StackProcess process() {
        return process;
    }

    ProcessHandle start() {
        var home = config.dataDir().resolve("s3");
        var conf = home.resolve("s3proxy.conf");
        try {
            Files.createDirectories(home.resolve("data"));
            Files.writeString(conf, String.join("\n",
                    "# written by halftone stack up; edits are overwritten",
                    "s3proxy.endpoint=" + config.s3Endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + home.resolve("data"),
                    ""));
        } catch (IOException e) {
            throw new StackException("cannot write " + conf + ": " + e.getMessage(), e);
        }
        var arguments = new ArrayList<>(JvmFlags.forServer("256m", home.resolve("s3proxy.jsa")));
        arguments.addAll(List.of("-jar", library.s3proxyJar().toString(), "--properties", conf.toString()));
        return process.launch(arguments);
    }

    void awaitReady(ProcessHandle server, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new StackException("S3 server exited during start (" + process.lastLogLine().strip() + "); see " + process.log());
            }
            if (answers()) {
                return;
            }
            pause();
        }
        throw new StackException("S3 server did not answer within " + timeout.toSeconds() + " s; see " + process.log());
    }

    boolean answers() {
        try {
            var request = HttpRequest.newBuilder(URI.create(config.s3Endpoint() + "/healthz")).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the S3 server", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the S3 server", e);
        }
    }
}
