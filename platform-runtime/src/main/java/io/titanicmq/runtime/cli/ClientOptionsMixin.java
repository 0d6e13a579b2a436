package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every client command shares: where the broker is and how long to wait. */
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

    ClientOptions clientOptions() {
        return ClientOptions.builder().timeout(timeout).retries(retries).build();
    }
}
