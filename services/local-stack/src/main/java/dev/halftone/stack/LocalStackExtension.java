package dev.halftone.stack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * JUnit 5/6 extension for integration tests: one real local stack per test JVM (Kafka broker and S3 server on free
 * loopback ports, data in a temporary directory), shared by every class that uses it, stopped and deleted when the
 * JVM's tests end. Test methods and constructors receive its {@link StackEndpoints} as a parameter.
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class GeneratorProcessorTest {
 *     @Test void roundTrip(StackEndpoints stack) { ... stack.bootstrapServers() ... stack.s3Settings() ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context).endpoints();
    }

    private static RunningStack running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(RunningStack.class, key -> RunningStack.start(), RunningStack.class);
    }

    /** The shared stack; JUnit closes it (stack down, data deleted) when the root context ends. */
    private record RunningStack(LocalStack stack, StackEndpoints endpoints) implements AutoCloseable {
        static RunningStack start() {
            try {
                var dataDir = Files.createTempDirectory("halftone-stack-");
                var stack = new LocalStack(StackLibrary.locate());
                return new RunningStack(stack, stack.up(StackConfig.onFreePorts(dataDir)).endpoints());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary stack directory", e);
            }
        }

        @Override
        public void close() throws IOException {
            stack.down(endpoints.dataDir());
            try (Stream<Path> files = Files.walk(endpoints.dataDir())) {
                for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
