package io.titanicmq.runtime.broker;

import java.util.List;

/**
 * The outcome of a request queued with {@link Broker#submit}: exactly one of these methods is
 * called per request, unless the broker is closed first. Called on the broker thread, so it must
 * not block.
 */
public interface DispatchListener {

    /** The worker replied. */
    void onReply(byte[] address, List<byte[]> body);

    /** The worker serving the request died or disconnected before replying. */
    void onWorkerLost(byte[] address);

    /** No worker of the service appeared within the request expiry. */
    void onExpired(byte[] address);
}
