package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A worker's failure reply: {@code ["\0titanic.failure"]["terminal"|"retryable"][reason]}
 * (docs/protocol.md).
 *
 * @param retryable whether another attempt may succeed
 * @param reason the worker's text
 */
record WorkerFailure(boolean retryable, String reason) {

    /** The failure a reply reports, or null when the reply is a result. */
    static WorkerFailure of(List<byte[]> body) {
        if (body.isEmpty() || !Tsp.FAILURE_MARKER.equals(new String(body.get(0), StandardCharsets.UTF_8))) {
            return null;
        }
        boolean retryable = body.size() < 2 || !"terminal".equals(new String(body.get(1), StandardCharsets.UTF_8));
        String reason = body.size() > 2 ? new String(body.get(2), StandardCharsets.UTF_8) : "worker failure";
        return new WorkerFailure(retryable, reason);
    }
}
