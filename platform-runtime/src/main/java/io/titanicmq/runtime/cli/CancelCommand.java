package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code titanic cancel ID...}: stops pending requests (extension titanic.cancel). */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels requests (extension titanic.cancel): a queued one is removed, a running one is",
                "stopped (its worker is told to abandon it). Either ends as failure 'cancelled'",
                "('titanic reply' then exits 6). A request that already ended keeps its outcome.",
                "Exit code 5 if any id is unknown or closed."},
        footer = {"", "Example:", "  titanic cancel $id"})
final class CancelCommand implements Callable<Integer> {

    /** The service name on the wire. */
    static final String SERVICE = "titanic.cancel";

    @Mixin
    ClientOptionsMixin client;

    @Mixin
    RequestIdsMixin requests;

    @Override
    public Integer call() throws CommandFailure {
        List<String> ids = requests.checked();
        int unknown = 0;
        try (MajordomoClient mdp = Clients.majordomo(client)) {
            for (String id : ids) {
                List<byte[]> answer = mdp.call(SERVICE, List.of(id.getBytes(StandardCharsets.US_ASCII)));
                String status = answer.isEmpty() ? "" : new String(answer.get(0), StandardCharsets.UTF_8);
                if (status.startsWith(Tsp.UNKNOWN)) {
                    requests.command.commandLine().getErr().println("titanic: request " + id + " is unknown or closed");
                    unknown++;
                } else if (!status.startsWith(Tsp.OK)) {
                    throw new CommandFailure(ExitCodes.SERVER_ERROR, SERVICE + " answered '" + status + "' for " + id, null);
                }
            }
        } catch (ClientException e) {
            throw Clients.failure(e);
        }
        return unknown == 0 ? ExitCodes.OK : ExitCodes.UNKNOWN;
    }
}
