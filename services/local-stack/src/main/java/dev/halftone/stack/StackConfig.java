package dev.halftone.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Where a local stack keeps its data and logs, and the loopback ports it listens on. Each port names the CLI flag
 * that changes it, so a clash can be reported as one actionable line.
 */
public record StackConfig(Path dataDir, int kafkaPort, int controllerPort, int s3Port) {
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_S3_PORT = 9000;
    /** Relative to the repository root; ignored by git. */
    public static final Path DEFAULT_DATA_DIR = Path.of(".halftone", "stack");

    public StackConfig {
        Objects.requireNonNull(dataDir, "data directory is required (--data-dir)");
        dataDir = dataDir.toAbsolutePath().normalize();
        port("--kafka-port", kafkaPort);
        port("--controller-port", controllerPort);
        port("--s3-port", s3Port);
        if (new HashSet<>(List.of(kafkaPort, controllerPort, s3Port)).size() != 3) {
            throw new StackException("ports must differ: --kafka-port " + kafkaPort + ", --controller-port "
                    + controllerPort + ", --s3-port " + s3Port);
        }
    }

    /** A stack in {@code dataDir} on three ports that are free right now, for tests. */
    public static StackConfig onFreePorts(Path dataDir) {
        try (var a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var c = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new StackConfig(dataDir, a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Fails with one line when a port is taken, naming it and the flag to change it. */
    public void requirePortsFree() {
        requireFree("Kafka", kafkaPort, "--kafka-port");
        requireFree("Kafka controller", controllerPort, "--controller-port");
        requireFree("S3", s3Port, "--s3-port");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    private static void requireFree(String what, int port, String flag) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StackException("port " + port + " (" + what + ") is in use; choose another with " + flag
                    + " <port> or stop what listens there");
        }
    }

    private static void port(String flag, int port) {
        if (port < 1024 || port > 65535) {
            throw new StackException(flag + " " + port + " is out of range; use a port from 1024 to 65535");
        }
    }
}
