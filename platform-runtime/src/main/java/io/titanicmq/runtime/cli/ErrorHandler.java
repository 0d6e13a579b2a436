package io.titanicmq.runtime.cli;

import io.titanicmq.runtime.config.ConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns exceptions escaping a command into one line on stderr and a stable exit code. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (ex instanceof ConfigurationException) {
            cmd.getErr().println("titanic: configuration error: " + ex.getMessage());
            return ExitCodes.CONFIG;
        }
        if (ex instanceof CommandFailure failure) {
            cmd.getErr().println("titanic: " + failure.getMessage());
            return failure.exitCode();
        }
        cmd.getErr().println("titanic: " + ex);
        return ExitCodes.SERVER_ERROR;
    }
}
