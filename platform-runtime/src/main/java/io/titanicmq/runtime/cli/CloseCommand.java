package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.TitanicClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code titanic close ID...}: the client is done with these requests. */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Closes requests (9/TSP titanic.close): Titanic forgets them and their replies,",
                "and stops working on any still pending. Closing twice is fine."})
final class CloseCommand implements Callable<Integer> {

    @Mixin
    ClientOptionsMixin client;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Request ids.")
    List<String> ids;

    @Override
    public Integer call() throws CommandFailure {
        for (String id : ids) {
            Clients.requireId(spec, id);
        }
        try (TitanicClient titanic = new TitanicClient(Clients.majordomo(client))) {
            for (String id : ids) {
                titanic.close(id);
            }
            return ExitCodes.OK;
        } catch (ClientException e) {
            throw Clients.failure(e);
        }
    }
}
