package dev.halftone.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) on loopback, run from the broker jars as a
 * detached child process; data under {@code <data>/kafka}, log in {@code <data>/logs/kafka.log}.
 */
final class KafkaBroker {
    private final StackConfig config;
    private final StackLibrary library;
    private final StackProcess process;

    KafkaBroker(StackConfig config, StackLibrary library) {
        this.config = config;
        this.library = library;
        this.process = new StackProcess("kafka", config.dataDir());
    }

    StackProcess process() {
        return process;
    }

    /** Writes server.properties and formats the log directory unless a previous run did. */
    void prepare() {
        var home = config.dataDir().resolve("kafka");
        var logDirs = home.resolve("data");
        try {
            Files.createDirectories(logDirs);
            Files.writeString(properties(), serverProperties(logDirs));
        } catch (IOException e) {
            throw new StackException("cannot write " + properties() + ": " + e.getMessage(), e);
        }
        if (Files.exists(logDirs.resolve("meta.properties"))) {
            return;
        }
        var format = new ArrayList<>(JvmFlags.forServer("256m", home.resolve("storage-tool.jsa")));
        format.addAll(List.of("-cp", classpath(), "kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", properties().toString()));
        new StackProcess("kafka-format", config.dataDir()).runToCompletion(format, Duration.ofSeconds(60));
    }

    ProcessHandle start() {
        var arguments = new ArrayList<>(JvmFlags.forServer("512m", config.dataDir().resolve("kafka").resolve("kafka.jsa")));
        arguments.addAll(List.of("-Dkafka.logs.dir=" + config.logDir(),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-cp", classpath(), "kafka.Kafka",
                properties().toString()));
        return process.launch(arguments);
    }

    /** An admin client for this broker, with short timeouts so a dead broker is noticed quickly. */
    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250));
    }

    /** Waits until the broker answers a metadata request; fails naming the log if it exits first. */
    void awaitReady(ProcessHandle broker, Admin admin, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new StackException("Kafka broker exited during start (" + process.lastLogLine().strip()
                        + "); see " + process.log());
            }
            try {
                admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                // not listening yet: poll again until the deadline
            }
        }
        throw new StackException("Kafka broker did not answer within " + timeout.toSeconds() + " s; see " + process.log());
    }

    /** True when the broker answers within a few seconds. */
    boolean answers() {
        try (var admin = admin()) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Path properties() {
        return config.dataDir().resolve("kafka").resolve("server.properties");
    }

    private String classpath() {
        return library.kafkaLib().resolve("*").toString();
    }

    private String serverProperties(Path logDirs) {
        var controller = "127.0.0.1:" + config.controllerPort();
        return String.join("\n",
                "# written by halftone stack up; edits are overwritten",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://" + config.bootstrapServers() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + config.bootstrapServers(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // one node: no reason to wait for more group members before the first rebalance
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                // a laptop-sized broker: fewer threads start faster and leave the cores to the services
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "");
    }
}
