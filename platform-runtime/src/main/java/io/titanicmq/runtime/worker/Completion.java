package io.titanicmq.runtime.worker;

import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A handled request on its way from the handler thread back to the socket thread.
 *
 * @param request the request it answers
 * @param address the client-address frame to echo in the REPLY
 * @param body the REPLY body: the handler's frames, or a failure report
 */
record Completion(HostedRequest request, byte[] address, List<byte[]> body) {

    /** Failure kind frame for a failure no retry can fix. */
    static final String TERMINAL = "terminal";
    /** Failure kind frame for a failure another attempt may not meet. */
    static final String RETRYABLE = "retryable";

    /**
     * The REPLY body reporting a failure (TitanicMQ extension, docs/protocol.md):
     * {@code [FAILURE_MARKER]["terminal"|"retryable"][reason]}.
     */
    static List<byte[]> failure(boolean retryable, String reason) {
        return List.of(
                Tsp.FAILURE_MARKER.getBytes(StandardCharsets.UTF_8),
                (retryable ? RETRYABLE : TERMINAL).getBytes(StandardCharsets.US_ASCII),
                String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
    }
}
