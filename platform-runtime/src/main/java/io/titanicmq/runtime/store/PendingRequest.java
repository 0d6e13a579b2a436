package io.titanicmq.runtime.store;

import java.util.List;

/** A recovered request without an outcome, to be queued for dispatch again. */
public record PendingRequest(RequestId id, String service, List<byte[]> body, int attempts) {
    /** Copies the list (not the frames). */
    public PendingRequest {
        body = List.copyOf(body);
    }
}
