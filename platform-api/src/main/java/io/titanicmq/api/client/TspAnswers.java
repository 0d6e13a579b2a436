package io.titanicmq.api.client;

import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the answers of the Titanic services; anything malformed becomes a {@link ClientException}. */
final class TspAnswers {

    private final String endpoint;

    TspAnswers(String endpoint) {
        this.endpoint = endpoint;
    }

    /** {@code [200][uuid]} to the id; {@code 500} and anything else to an exception. */
    String requestId(String service, List<byte[]> answer) throws ClientException {
        TspStatus status = status(TitanicClient.IDEMPOTENT_REQUEST, answer);
        if (status.code() == TspStatus.ERROR) {
            throw new ClientException("storing a request for service '" + service + "' at " + endpoint
                    + " failed on the server: " + status);
        }
        if (!status.isOk()) {
            throw new ClientException("unexpected status '" + status + "' storing a request for service '" + service
                    + "' at " + endpoint);
        }
        String uuid = answer.size() > 1 ? new String(answer.get(1), StandardCharsets.US_ASCII) : "";
        if (!Tsp.isUuid(uuid)) {
            throw new ClientException("malformed answer storing a request for service '" + service + "' at "
                    + endpoint + ": status 200 without a 32-hex request id (" + answer.size() + " frames)");
        }
        return uuid;
    }

    /** A {@code titanic.reply} answer to its result; an unexpected status to an exception. */
    ReplyResult replyResult(String uuid, List<byte[]> answer) throws ClientException {
        TspStatus status = status(Tsp.REPLY, answer);
        switch (status.code()) {
            case TspStatus.OK:
                return new ReplyResult.Ready(answer.subList(1, answer.size()));
            case TspStatus.PENDING:
                return new ReplyResult.Pending();
            case TspStatus.UNKNOWN:
                return new ReplyResult.Unknown(status.text());
            case TspStatus.FAILED:
                return new ReplyResult.Failed(status.text());
            case TspStatus.ERROR:
                return new ReplyResult.ServerError(status.text());
            default:
                throw new ClientException("unexpected status '" + status + "' from " + Tsp.REPLY + " for " + uuid
                        + " at " + endpoint);
        }
    }

    /** The status frame that starts every answer. */
    TspStatus status(String tspService, List<byte[]> answer) throws ClientException {
        if (answer.isEmpty()) {
            throw new ClientException("empty answer from " + tspService + " at " + endpoint);
        }
        try {
            return TspStatus.parse(answer.get(0));
        } catch (IllegalArgumentException e) {
            throw new ClientException("answer from " + tspService + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
