package io.titanicmq.runtime.store;

/**
 * A recovered request without an outcome, to be queued for dispatch again. Its body stays on disk
 * until the request's turn comes ({@link RequestStore#requestBody}): a backlog of any size is
 * re-queued without reading it into memory.
 */
public record PendingRequest(RequestId id, String service, int attempts) {
}
