package dev.halftone.cli.swarm;

import dev.halftone.cli.stack.StackOptions;
import dev.halftone.stack.LocalStack;
import dev.halftone.stack.StackLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code halftone swarm up|down}: the six services as local processes beside the local stack. */
@Command(name = "swarm", mixinStandardHelpOptions = true, description = "Start or stop the six swarm services locally.",
        subcommands = {SwarmCommand.Up.class, SwarmCommand.Down.class})
public final class SwarmCommand {

    /** Where the swarm keeps logs, pid files and scratch space: beside the stack's data directory. */
    static Path swarmDir(Path stackDataDir) {
        return stackDataDir.resolveSibling("swarm");
    }

    /** The checkout's services directory; ./halftone sets halftone.root to the repository root. */
    static Path servicesRoot() {
        String root = System.getProperty("halftone.root");
        return (root == null ? Path.of("") : Path.of(root)).resolve("services").toAbsolutePath().normalize();
    }

    /** A launcher for the stack in this data directory. */
    static SwarmLauncher launcher(Path stackDataDir, int basePort, Map<String, String> environment) {
        return new SwarmLauncher(servicesRoot(), swarmDir(stackDataDir), basePort, environment);
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the local stack (if needed) and the six services.")
    static final class Up implements Callable<Integer> {
        @Mixin
        StackOptions stackOptions;

        @Option(names = "--base-port", description = "Services listen on base+1..base+6 (default: ${DEFAULT-VALUE}).")
        int basePort = SwarmService.DEFAULT_BASE_PORT;

        @Option(names = "--generators", description = "Generator workers (default: ${DEFAULT-VALUE}).")
        int generators = 1;

        @Override
        public Integer call() {
            var stack = new LocalStack(StackLibrary.locate()).up(stackOptions.config());
            var swarm = launcher(stackOptions.dataDir(), basePort, Map.of())
                    .up(stack.endpoints(), Map.of(SwarmService.GENERATOR, generators));
            System.out.println("swarm up; logs in " + swarm.logDir() + "; dashboard " + swarm.dashboard());
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the six services (the stack keeps running).")
    static final class Down implements Callable<Integer> {
        @Mixin
        StackOptions stackOptions;

        @Override
        public Integer call() {
            var stopped = launcher(stackOptions.dataDir(), SwarmService.DEFAULT_BASE_PORT, Map.of()).down();
            System.out.println(stopped.isEmpty() ? "no swarm service was running" : "stopped " + String.join(", ", stopped));
            return 0;
        }
    }
}
