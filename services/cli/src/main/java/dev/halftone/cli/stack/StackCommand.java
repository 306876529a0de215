package dev.halftone.cli.stack;

import dev.halftone.stack.LocalStack;
import dev.halftone.stack.StackLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Locale;

/** {@code halftone stack up|status|down}: the local Kafka broker and S3 server. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Run a local Kafka broker (KRaft) and S3 server (S3Proxy) on loopback.")
public final class StackCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start both servers, create the topics and buckets, print the endpoints.")
    int up(@Mixin StackOptions options) {
        var out = spec.commandLine().getOut();
        var result = new LocalStack(StackLibrary.locate()).up(options.config());
        if (result.alreadyRunning()) {
            out.println("stack already running in " + result.endpoints().dataDir() + " (stop it with: halftone stack down)");
        } else {
            out.printf(Locale.ROOT, "stack up in %.1f s%n", result.took().toMillis() / 1000.0);
        }
        StackReport.print(out, result.endpoints());
        out.flush();
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show whether each server runs and answers; exit 0 only when both do.")
    int status(@Mixin StackOptions options) {
        var out = spec.commandLine().getOut();
        var status = new LocalStack(StackLibrary.locate()).status(options.dataDir());
        if (status.stopped()) {
            out.println("no stack running in " + status.dataDir() + " (start one with: halftone stack up)");
            return 1;
        }
        for (var server : status.servers()) {
            var state = server.pid().isEmpty() ? "not running; see " + server.log()
                    : server.answers() ? "running (pid " + server.pid().get() + "), answers"
                    : "running (pid " + server.pid().get() + ") but does not answer; see " + server.log();
            out.printf("  %-8s %s%n", server.name(), state);
        }
        status.endpoints().ifPresent(endpoints -> StackReport.print(out, endpoints));
        if (!status.running()) {
            out.println("stack is degraded; restart it with: halftone stack down && halftone stack up");
        }
        out.flush();
        return status.running() ? 0 : 1;
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop both servers and check that no process is left; data stays for the next up.")
    int down(@Mixin StackOptions options) {
        var out = spec.commandLine().getOut();
        var stopped = new LocalStack(StackLibrary.locate()).down(options.dataDir());
        out.println(stopped.isEmpty() ? "no stack was running in " + options.dataDir()
                : "stopped " + String.join(" and ", stopped) + "; no stack process left");
        out.flush();
        return 0;
    }
}
