package io.titanicmq.runtime.cli;

import io.titanicmq.runtime.security.KeyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code titanic keys}: CURVE key pairs for the broker, clients and workers (docs/security.md). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "CurveZMQ key pairs (Z85 text files) for the broker, clients and workers.",
        subcommands = {KeysCommand.Generate.class})
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: titanic keys generate --out DIR --name NAME");
    }

    /** {@code titanic keys generate --out DIR --name NAME}: writes NAME.key and NAME.key_secret. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generates a CURVE key pair: DIR/NAME.key (public, give it to whoever must know you)",
                    "and DIR/NAME.key_secret (secret, mode 0600, never leaves this machine).",
                    "Existing files are never overwritten. Prints the public key."})
    static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory for the files (created if missing).")
        Path out;

        @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "File name without suffix, e.g. server, alice.")
        String name;

        @Override
        public Integer call() throws CommandFailure {
            try {
                KeyFiles.Written written = KeyFiles.generate(out, name);
                spec.commandLine().getOut().println(written.publicKey());
                spec.commandLine().getErr().println("wrote " + written.publicFile() + " and " + written.secretFile());
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
            } catch (FileAlreadyExistsException e) {
                throw new CommandFailure(ExitCodes.USAGE, "key file " + e.getFile() + " exists; it is never overwritten", e);
            } catch (IOException e) {
                throw new CommandFailure(ExitCodes.SERVER_ERROR, "cannot write the key pair: " + e, e);
            }
        }
    }
}
