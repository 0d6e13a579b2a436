package io.titanicmq.runtime.broker;

import java.util.List;

/**
 * The outcome of a request queued with {@link Broker#submit}: exactly one of {@link #onReply},
 * {@link #onWorkerLost} and {@link #onExpired} is called per request, unless the broker is closed
 * or the request is cancelled ({@link Broker#cancel}) first; before it, {@link #onDispatched} once
 * a worker takes the request and {@link #onProgress} any number of times. Called on the broker thread, so it must not block.
 */
public interface DispatchListener {

    /** The worker replied. */
    void onReply(byte[] address, List<byte[]> body);

    /** The worker serving the request died or disconnected before replying. */
    void onWorkerLost(byte[] address);

    /** No worker of the service appeared within the request expiry. */
    void onExpired(byte[] address);

    /**
     * A worker took the request: it runs from now on (before, it waited in the broker's queue for
     * a worker). Called once per request, before its outcome.
     *
     * @param address the request's client address
     */
    default void onDispatched(byte[] address) {
    }

    /**
     * The worker serving the request reported progress (TitanicMQ extension PROGRESS, at most
     * about four times a second per request).
     *
     * @param address the request's client address
     * @param fraction done so far, 0 to 1
     * @param message the worker's short human text, possibly empty
     */
    default void onProgress(byte[] address, double fraction, String message) {
    }
}
