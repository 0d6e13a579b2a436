package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code titanic status [ID]}: queue depths, or one request's state (extension titanic.status). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Without ID: per service, requests queued and in flight, and counters (JSON).",
                "With ID: that request's state: pending (service, attempts, running; for a running one",
                "elapsed-ms and the last progress, message and eta-ms its worker reported), replied or",
                "failed (reason). Progress is kept in memory only: it starts over after a restart."})
final class StatusCommand implements Callable<Integer> {

    /** The service name on the wire. */
    static final String SERVICE = "titanic.status";

    @Mixin
    ClientOptionsMixin client;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A request id.")
    String id;

    @Override
    public Integer call() throws CommandFailure {
        List<byte[]> body = new ArrayList<>();
        if (id != null) {
            Clients.requireId(spec, id);
            body.add(id.getBytes(StandardCharsets.US_ASCII));
        }
        try (MajordomoClient mdp = Clients.majordomo(client)) {
            List<byte[]> answer = mdp.call(SERVICE, body);
            String status = answer.isEmpty() ? "" : new String(answer.get(0), StandardCharsets.UTF_8);
            if (status.startsWith(Tsp.UNKNOWN)) {
                throw new CommandFailure(ExitCodes.UNKNOWN, "request " + id + " is unknown or closed", null);
            }
            if (!status.startsWith(Tsp.OK)) {
                throw new CommandFailure(ExitCodes.SERVER_ERROR, "titanic.status answered '" + status + "'", null);
            }
            FramePrinter.print(System.out, answer.subList(1, answer.size()));
            return ExitCodes.OK;
        } catch (ClientException e) {
            throw Clients.failure(e);
        }
    }
}
