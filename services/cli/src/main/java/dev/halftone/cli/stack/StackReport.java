package dev.halftone.cli.stack;

import dev.halftone.platform.Buckets;
import dev.halftone.schemas.TopicCatalogue;
import dev.halftone.stack.StackEndpoints;

import java.io.PrintWriter;

/** Prints where a stack answers, the same way for {@code up}, {@code status} and {@code demo}. */
public final class StackReport {
    private StackReport() {
    }

    public static void print(PrintWriter out, StackEndpoints endpoints) {
        out.printf("  Kafka  %s  (KRaft, %d topics: halftone.*)%n", endpoints.bootstrapServers(), TopicCatalogue.load().topics().size());
        out.printf("  S3     %s  (access key %s, secret key %s; %d buckets: %s)%n", endpoints.s3Endpoint(),
                endpoints.accessKey(), endpoints.secretKey(), Buckets.DEFAULT.all().size(), String.join(", ", Buckets.DEFAULT.all()));
        out.printf("  data   %s  (logs in %s)%n", endpoints.dataDir(), endpoints.dataDir().resolve("logs"));
    }
}
