package dev.halftone.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The broker and S3Proxy jars that {@code services/local-stack}'s build copies into {@code target/stack-lib}.
 * Looked up, in order: system property {@code halftone.stack.lib}, environment {@code HALFTONE_STACK_LIB}, the
 * checkout above the working directory, then the path recorded by the build that made this jar.
 */
public record StackLibrary(Path kafkaLib, Path s3proxyJar) {
    public static final String PROPERTY = "halftone.stack.lib";
    public static final String ENVIRONMENT = "HALFTONE_STACK_LIB";
    private static final Path IN_CHECKOUT = Path.of("services", "local-stack", "target", "stack-lib");
    private static final String FIX = "build it with ./mvnw -q -pl services/local-stack package -DskipTests, or set "
            + ENVIRONMENT + " to a stack-lib folder";

    public StackLibrary {
        if (!Files.isRegularFile(kafkaLib.resolve("kafka_2.13-" + KafkaVersion.VALUE + ".jar"))) {
            throw new StackException("Kafka broker jars are missing in " + kafkaLib + "; " + FIX);
        }
        if (!Files.isRegularFile(s3proxyJar)) {
            throw new StackException("S3Proxy jar is missing at " + s3proxyJar + "; " + FIX);
        }
    }

    public static StackLibrary locate() {
        var configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (configured != null && !configured.isBlank()) {
            return in(Path.of(configured));
        }
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(IN_CHECKOUT))) {
                return in(dir.resolve(IN_CHECKOUT));
            }
        }
        return in(builtPath());
    }

    public static StackLibrary in(Path stackLib) {
        return new StackLibrary(stackLib.resolve("kafka"), stackLib.resolve("s3proxy").resolve("s3proxy.jar"));
    }

    private static Path builtPath() {
        try (var in = StackLibrary.class.getResourceAsStream("/halftone-stack-lib.properties")) {
            if (in == null) {
                throw new StackException("halftone-stack-lib.properties is missing from the local-stack jar; " + FIX);
            }
            var properties = new Properties();
            properties.load(in);
            return Path.of(properties.getProperty("lib"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
