package dev.halftone.cli.swarm;

import dev.halftone.cli.stack.StackOptions;
import dev.halftone.stack.LocalStack;
import dev.halftone.stack.StackEndpoints;
import dev.halftone.stack.StackLibrary;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;

/**
 * Where the swarm's broker and object store are: the local stack of the stack options unless
 * {@code --bootstrap-servers} names another broker (then the S3 options name the object store).
 */
public final class SwarmEndpoints {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers; default: the running local stack's.")
    String bootstrapServers;

    @Option(names = "--s3-endpoint", description = "S3 endpoint with --bootstrap-servers, e.g. http://127.0.0.1:9000.")
    String s3Endpoint;

    @Option(names = "--s3-access-key", defaultValue = "${env:HALFTONE_S3_ACCESS_KEY}", description = "S3 access key with --s3-endpoint (env HALFTONE_S3_ACCESS_KEY).")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", defaultValue = "${env:HALFTONE_S3_SECRET_KEY}", description = "S3 secret key with --s3-endpoint (env HALFTONE_S3_SECRET_KEY).")
    String s3SecretKey;

    /** The endpoints to use; fails with the command that starts a local stack when none runs. */
    public StackEndpoints resolve() {
        if (bootstrapServers != null) {
            if (s3Endpoint == null || s3AccessKey == null || s3SecretKey == null) {
                throw new IllegalArgumentException("--bootstrap-servers needs --s3-endpoint, --s3-access-key and --s3-secret-key too");
            }
            return new StackEndpoints(bootstrapServers, URI.create(s3Endpoint), s3AccessKey, s3SecretKey, stackOptions.dataDir());
        }
        var status = new LocalStack(StackLibrary.locate()).status(stackOptions.dataDir());
        if (!status.running()) {
            throw new IllegalArgumentException("no local stack runs in " + status.dataDir()
                    + "; start one with `halftone stack up` (or `halftone demo`), or pass --bootstrap-servers");
        }
        return status.endpoints().orElseThrow();
    }
}
