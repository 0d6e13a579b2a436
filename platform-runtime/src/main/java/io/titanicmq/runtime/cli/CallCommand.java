package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.MajordomoClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code titanic call SERVICE [FRAME...]}: one direct 7/MDP request through the broker. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Sends one request straight to a service through the broker (7/MDP, not stored)",
                "and prints the reply frames, one per line."},
        footer = {"", "Examples:", "  titanic call echo hello world", "  titanic call mmi.service echo     # 200 if echo has a worker, 404 if not"})
final class CallCommand implements Callable<Integer> {

    @Mixin
    ClientOptionsMixin client;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name, e.g. echo or mmi.service.")
    String service;

    @Parameters(index = "1..*", paramLabel = "FRAME", description = "Request body frames (UTF-8 text).")
    List<String> frames = new ArrayList<>();

    @Override
    public Integer call() throws CommandFailure {
        List<byte[]> body = new ArrayList<>();
        for (String frame : frames) {
            body.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        try (MajordomoClient mdp = Clients.majordomo(client)) {
            List<byte[]> reply = mdp.call(service, body);
            FramePrinter.print(System.out, reply);
            return ExitCodes.OK;
        } catch (ClientException e) {
            throw Clients.failure(e);
        }
    }
}
