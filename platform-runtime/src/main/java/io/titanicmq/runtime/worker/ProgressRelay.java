package io.titanicmq.runtime.worker;

import java.time.Duration;

/**
 * The socket thread's side of progress: sends the latest value a handler reported as a PROGRESS
 * message, at most one per {@code interval} per request. Values reported in between replace each
 * other; the last one goes out when the interval is over (unless the reply came first, which
 * makes it moot). Socket thread only.
 */
final class ProgressRelay {

    private final long intervalNanos;
    private HostedRequest current;
    private long nextAt;

    ProgressRelay(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** The earlier of {@code deadline} and the time the waiting value of {@code running} may go. */
    long deadline(HostedRequest running, long deadline, long now) {
        if (running == null || !running.hasUnsentProgress()) {
            return deadline;
        }
        long due = running == current ? nextAt : now;
        return due - deadline < 0 ? due : deadline;
    }

    /**
     * Sends the waiting value of {@code running}, if any and if its interval is over.
     *
     * @param address the request's client-address frame, echoed in PROGRESS
     * @return false when a value was due but the socket would not take it
     */
    boolean flush(HostedRequest running, byte[] address, BrokerLink link, long now) {
        if (running == null) {
            // the request is done: hold no reference to it (its frames may be tens of MiB)
            current = null;
            return true;
        }
        if (link == null) {
            return true;
        }
        if (running != current) {
            current = running;
            nextAt = now;
        }
        if (now - nextAt < 0) {
            return true;
        }
        HostedRequest.Progress p = running.takeUnsentProgress();
        if (p == null) {
            return true;
        }
        nextAt = now + intervalNanos;
        return link.progress(address, p.fraction(), p.message());
    }
}
