package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.TitanicClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code titanic close ID...}: the client is done with these requests. */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Closes requests (9/TSP titanic.close): Titanic forgets them and their replies,",
                "and stops working on any still pending. Closing twice is fine."})
final class CloseCommand implements Callable<Integer> {

    @Mixin
    ClientOptionsMixin client;

    @Mixin
    RequestIdsMixin requests;

    @Override
    public Integer call() throws CommandFailure {
        List<String> ids = requests.checked();
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
