package dev.halftone.cli;

import picocli.CommandLine;

/**
 * Turns failures into one line on stderr, {@code halftone: <problem and fix>}, exit code 1 (2 for bad arguments).
 * Stack traces are printed only with {@code -Dhalftone.debug=true}.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception error, CommandLine command, CommandLine.ParseResult parseResult) {
        if (Boolean.getBoolean("halftone.debug")) {
            error.printStackTrace(command.getErr());
        }
        var message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        command.getErr().println("halftone: " + message.lines().findFirst().orElse(message));
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        var command = error.getCommandLine();
        command.getErr().println("halftone: " + error.getMessage() + " (see: " + command.getCommandSpec().qualifiedName() + " --help)");
        return 2;
    }
}
