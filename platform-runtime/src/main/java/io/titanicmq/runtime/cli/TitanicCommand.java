package io.titanicmq.runtime.cli;

import picocli.CommandLine.Command;

/** The top-level {@code titanic} command; its work is in the subcommands. */
@Command(name = "titanic",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "TitanicMQ: durable, disconnected request/reply on ZeroMQ with drop-in plug-in workers.",
        subcommands = {ServerCommand.class, CallCommand.class, RequestCommand.class, ReplyCommand.class,
            CloseCommand.class, CancelCommand.class, StatusCommand.class, BenchCommand.class, KeysCommand.class, FuzzCommand.class, picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 server error, 2 usage, 3 timeout, 4 pending, 5 unknown id, 6 failed, 78 bad config."})
final class TitanicCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }
}
