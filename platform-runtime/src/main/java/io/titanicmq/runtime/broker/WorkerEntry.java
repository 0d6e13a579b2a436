package io.titanicmq.runtime.broker;

/**
 * A worker that sent READY: its identity, its service, its heartbeat deadlines and the request
 * it is serving (a worker serves one request at a time, 7/MDP). Broker thread only.
 */
final class WorkerEntry {

    private final byte[] identity;
    private final String key;
    private final Service service;
    private long expiresAtNanos;
    private long heartbeatAtNanos;
    private PendingRequest serving;

    WorkerEntry(byte[] identity, String key, Service service) {
        this.identity = identity;
        this.key = key;
        this.service = service;
    }

    byte[] identity() {
        return identity;
    }

    /** The identity as a map key. */
    String key() {
        return key;
    }

    Service service() {
        return service;
    }

    /** Any message from the worker proves it alive until {@code now + timeout}. */
    void heard(long nowNanos, long timeoutNanos) {
        expiresAtNanos = nowNanos + timeoutNanos;
    }

    /** Anything sent to the worker counts as a heartbeat until {@code now + interval}. */
    void sent(long nowNanos, long intervalNanos) {
        heartbeatAtNanos = nowNanos + intervalNanos;
    }

    long expiresAtNanos() {
        return expiresAtNanos;
    }

    long heartbeatAtNanos() {
        return heartbeatAtNanos;
    }

    /** The request being served, or null when idle. */
    PendingRequest serving() {
        return serving;
    }

    void serve(PendingRequest request) {
        serving = request;
    }

    /** Returns the request being served (null if none) and marks the worker idle. */
    PendingRequest finish() {
        PendingRequest done = serving;
        serving = null;
        return done;
    }
}
