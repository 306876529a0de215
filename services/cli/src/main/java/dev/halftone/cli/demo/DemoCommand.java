package dev.halftone.cli.demo;

import dev.halftone.cli.stack.StackOptions;
import dev.halftone.cli.stack.StackReport;
import dev.halftone.cli.swarm.DurationConverter;
import dev.halftone.cli.swarm.SwarmDemo;
import dev.halftone.stack.LocalStack;
import dev.halftone.stack.StackLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code halftone demo}: the main job. Starts the local stack, then the six swarm services, submits the
 * {@code paper} study on halftone-tiny with small counts, follows it stage by stage and prints where the report is.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the local stack and the six services, run the paper study on halftone-tiny, print where the report is.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions stackOptions;

    @Option(names = "--prompts", description = "Prompts of the study (default: ${DEFAULT-VALUE}).")
    private int prompts = SwarmDemo.DEFAULT_PROMPTS;

    @Option(names = "--steps", description = "Sampler steps per image (default: ${DEFAULT-VALUE}).")
    private int steps = SwarmDemo.DEFAULT_STEPS;

    @Option(names = "--timeout", converter = DurationConverter.class,
            description = "Stop following the study after this long (ISO-8601 or e.g. 30m; default: 60m).")
    private Duration timeout = SwarmDemo.DEFAULT_TIMEOUT;

    @Option(names = "--down", description = "stop the services and the stack when the demo ends (default: leave them running)")
    private boolean down;

    @Override
    public Integer call() {
        if (prompts < 1 || steps < 1) {
            throw new IllegalArgumentException("--prompts and --steps must be at least 1 (got " + prompts + " and " + steps + ")");
        }
        var out = spec.commandLine().getOut();
        var stack = new LocalStack(StackLibrary.locate());
        out.println("1. Local stack: a real Kafka broker (KRaft) and a real S3 server (S3Proxy), on loopback");
        out.flush();
        var up = stack.up(stackOptions.config());
        out.println(up.alreadyRunning() ? "   already running" : String.format(Locale.ROOT, "   started in %.1f s", up.took().toMillis() / 1000.0));
        StackReport.print(out, up.endpoints());
        out.flush();

        var demo = new SwarmDemo(up.endpoints().dataDir(), prompts, steps, timeout);
        int code = demo.run(up.endpoints(), System.out);
        if (down) {
            var services = demo.down();
            var stopped = stack.down(up.endpoints().dataDir());
            out.println("stopped " + String.join(", ", services) + " and " + String.join(" and ", stopped));
        } else {
            out.println("The services and the stack keep running; stop them with: ./halftone swarm down && ./halftone stack down");
        }
        out.flush();
        return code;
    }
}
