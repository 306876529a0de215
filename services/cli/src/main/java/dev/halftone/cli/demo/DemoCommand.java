package dev.halftone.cli.demo;

import dev.halftone.cli.stack.StackOptions;
import dev.halftone.cli.stack.StackReport;
import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.stack.LocalStack;
import dev.halftone.stack.StackLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code halftone demo}: the main job. Until it starts the swarm services (issue #6) it runs what it can: the local
 * stack, one study event through Kafka and its prompt set through S3, and then says plainly what it did not do.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on the embedded defaults (today: the stack, the contracts and the object store).")
public final class DemoCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions stackOptions;

    @Option(names = "--down", description = "stop the stack when the demo ends (default: leave it running)")
    private boolean down;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        var stack = new LocalStack(StackLibrary.locate());
        out.println("1. Local stack: a real Kafka broker (KRaft) and a real S3 server (S3Proxy), on loopback");
        out.flush();
        var up = stack.up(stackOptions.config());
        out.println(up.alreadyRunning() ? "   already running" : String.format(Locale.ROOT, "   started in %.1f s", up.took().toMillis() / 1000.0));
        StackReport.print(out, up.endpoints());

        var json = new EventJson();
        var example = json.read(resource("examples/job-submitted.json"), JobSubmitted.class);
        var job = new JobSubmitted(UUID.randomUUID().toString(), example.model(), example.variants(), example.promptSets(),
                example.seeds(), example.steps(), example.guidance(), example.resolution());

        out.println("2. Object store: the study's prompt set, stored where docs/object-store.md says and read back");
        var keys = new ObjectKeys(Buckets.DEFAULT);
        var promptSet = job.promptSets().getFirst();
        var location = keys.promptSet(promptSet.name());
        var stored = json.tree(promptSet).get("prompts").toString().getBytes(StandardCharsets.UTF_8);
        try (var store = new MinioObjectStore(up.endpoints().s3Settings())) {
            store.put(location, stored, "application/json");
            if (!Arrays.equals(stored, store.get(location))) {
                throw new IllegalStateException(location.uri() + " came back different");
            }
        }
        out.println("   put and got " + location.uri() + " (" + stored.length + " bytes, identical)");

        out.println("3. Event contracts: one study (job submitted) as a CloudEvent through Kafka and back");
        out.flush();
        try {
            var delivery = new EventRoundTrip(up.endpoints().bootstrapServers()).send(job, "cli");
            if (!delivery.event().equals(job)) {
                throw new IllegalStateException("the event came back different");
            }
            out.printf("   %s on %s partition %d offset %d: %d variants, %d prompt sets, %d seeds; ce_id %s, ce_subject %s; schema-valid, identical%n",
                    delivery.attributes().type().ceType(), delivery.topic(), delivery.partition(), delivery.offset(),
                    job.variants().size(), job.promptSets().size(), job.seeds().size(), delivery.attributes().id(),
                    delivery.attributes().subject());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka round trip failed: " + e.getMessage(), e);
        }

        out.println("Not done by this demo yet: it starts none of the swarm services (profiler, quantizer, gguf-encoder,");
        out.println("generator, scorer, stats; issue #6), so nothing consumes this study: no variants, images, scores or report.");
        if (down) {
            var stopped = stack.down(up.endpoints().dataDir());
            out.println("stopped " + String.join(" and ", stopped));
        } else {
            out.println("The stack is left running; stop it with: ./halftone stack down");
        }
        out.flush();
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the halftone-schemas jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
