package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.ClientTimeoutException;
import io.titanicmq.api.client.MajordomoClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the client commands share: making the MDP client, encoding frames, mapping failures. */
final class Clients {

    private Clients() {
    }

    static MajordomoClient majordomo(ClientOptionsMixin options) {
        return new MajordomoClient(options.broker, options.clientOptions());
    }

    /** Refuses, as a usage error, anything that is not a request id (32 hexadecimal characters). */
    static void requireId(picocli.CommandLine.Model.CommandSpec spec, String id) {
        if (!io.titanicmq.api.protocol.Tsp.isUuid(id)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "'" + id + "' is not a request id (32 hexadecimal characters)");
        }
    }

    static List<byte[]> utf8(List<String> frames) {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (String f : frames) {
            out.add(f.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A client failure: a timeout when nothing answered (anywhere in the cause chain), else a server error. */
    static CommandFailure failure(ClientException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean timeout = false;
        for (Throwable t = e; t != null && !timeout; t = t.getCause()) {
            timeout = t instanceof ClientTimeoutException;
        }
        return new CommandFailure(timeout ? ExitCodes.TIMEOUT : ExitCodes.SERVER_ERROR, message, e);
    }
}
