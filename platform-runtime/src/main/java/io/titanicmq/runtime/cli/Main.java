package io.titanicmq.runtime.cli;

import picocli.CommandLine;

/** Entry point of the {@code titanic} command. */
public final class Main {

    private Main() {
    }

    /** Runs the command line and exits with its code (see {@link ExitCodes}). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; used by tests. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new TitanicCommand());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli.execute(args);
    }
}
