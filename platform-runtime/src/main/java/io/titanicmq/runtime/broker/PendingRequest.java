package io.titanicmq.runtime.broker;

import java.util.List;

/**
 * A request between arrival and reply.
 *
 * @param service        the service name
 * @param body           the body frames, passed to the worker unchanged
 * @param requester      who gets the reply
 * @param expiresAtNanos {@link System#nanoTime()} after which it is dropped if no worker serves the service
 */
record PendingRequest(String service, List<byte[]> body, Requester requester, long expiresAtNanos) {
}
