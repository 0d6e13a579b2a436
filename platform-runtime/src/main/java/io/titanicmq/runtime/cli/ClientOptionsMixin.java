package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.runtime.security.KeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every client command shares: where the broker is, how long to wait, and the CURVE
 * keys for a broker that has CurveZMQ on.
 */
final class ClientOptionsMixin {

    @Option(names = {"-b", "--broker"}, paramLabel = "ENDPOINT",
            defaultValue = "${env:TITANIC_ENDPOINT:-tcp://127.0.0.1:5555}",
            description = "Broker endpoint (default: $TITANIC_ENDPOINT or ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", defaultValue = "2.5s",
            converter = DurationConverter.class,
            description = "Time to wait for each answer before retrying (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retries", defaultValue = "3",
            description = "Retries after a timeout (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--server-key", paramLabel = "FILE", defaultValue = "${env:TITANIC_SERVER_KEY}",
            description = "The broker's public key file (server.key) when it has CURVE on (default: $TITANIC_SERVER_KEY).")
    Path serverKey;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:TITANIC_KEY}",
            description = {"This client's public key file NAME.key; its secret is read from NAME.key_secret",
                    "next to it (default: $TITANIC_KEY). Both --server-key and --key turn CURVE on."})
    Path key;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    ClientOptions clientOptions() {
        return ClientOptions.builder().timeout(timeout).retries(retries).curve(curve()).build();
    }

    /** The CURVE keys from --server-key and --key, or null when neither is given. */
    private CurveCredentials curve() {
        if (serverKey == null && key == null) {
            return null;
        }
        if (serverKey == null || key == null) {
            throw new ParameterException(command.commandLine(), "CURVE needs both --server-key and --key");
        }
        String name = key.getFileName().toString();
        Path publicFile = name.endsWith(KeyFiles.PUBLIC_SUFFIX) ? key : key.resolveSibling(name + KeyFiles.PUBLIC_SUFFIX);
        Path secretFile = publicFile.resolveSibling(publicFile.getFileName() + "_secret");
        try {
            return new CurveCredentials(KeyFiles.read(serverKey), KeyFiles.read(publicFile), KeyFiles.read(secretFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "cannot read the CURVE keys: " + e.getMessage(), e, null, null);
        }
    }
}
