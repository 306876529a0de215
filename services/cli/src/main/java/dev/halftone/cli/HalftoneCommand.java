package dev.halftone.cli;

import dev.halftone.cli.demo.DemoCommand;
import dev.halftone.cli.engine.GenerateCommand;
import dev.halftone.cli.evaluation.ScoreCommand;
import dev.halftone.cli.evaluation.StatsCommand;
import dev.halftone.cli.formats.GgufCommand;
import dev.halftone.cli.formats.QuantizeCommand;
import dev.halftone.cli.stack.StackCommand;
import dev.halftone.cli.swarm.ReportCommand;
import dev.halftone.cli.swarm.SubmitCommand;
import dev.halftone.cli.swarm.SwarmCommand;
import dev.halftone.cli.swarm.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code halftone} command. Each subcommand lives in its own package under {@code dev.halftone.cli}; to add one,
 * add its class to the list below (one line each).
 */
@Command(name = "halftone", mixinStandardHelpOptions = true, versionProvider = HalftoneVersion.class,
        description = "Shrink text-to-image diffusion transformers and measure what it costs.",
        subcommands = {
                StackCommand.class,
                DemoCommand.class,
                ScoreCommand.class,
                StatsCommand.class,
                GenerateCommand.class,
                GgufCommand.class,
                QuantizeCommand.class,
                SwarmCommand.class,
                SubmitCommand.class,
                WatchCommand.class,
                ReportCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class HalftoneCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // kafka-clients logs every refused connection while a broker starts; only errors matter on a terminal
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("halftone.log.level", "error"));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new HalftoneCommand())
                .setExecutionExceptionHandler(new OneLineErrors())
                .setParameterExceptionHandler(new OneLineErrors());
    }
}
