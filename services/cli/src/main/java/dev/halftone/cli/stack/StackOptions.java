package dev.halftone.cli.stack;

import dev.halftone.stack.StackConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The flags every stack command shares: data directory and ports. */
public final class StackOptions {
    /** Set by ./halftone to the repository root, so the default data directory does not depend on the working directory. */
    static final String ROOT_PROPERTY = "halftone.root";

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "data, logs and PID files (default: .halftone/stack in the repository)")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "<port>", defaultValue = "" + StackConfig.DEFAULT_KAFKA_PORT,
            description = "Kafka listener on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "<port>", defaultValue = "" + StackConfig.DEFAULT_CONTROLLER_PORT,
            description = "KRaft controller listener on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int controllerPort;

    @Option(names = "--s3-port", paramLabel = "<port>", defaultValue = "" + StackConfig.DEFAULT_S3_PORT,
            description = "S3 endpoint on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int s3Port;

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        var root = System.getProperty(ROOT_PROPERTY);
        return (root == null ? Path.of("") : Path.of(root)).resolve(StackConfig.DEFAULT_DATA_DIR).toAbsolutePath().normalize();
    }

    public StackConfig config() {
        return new StackConfig(dataDir(), kafkaPort, controllerPort, s3Port);
    }
}
