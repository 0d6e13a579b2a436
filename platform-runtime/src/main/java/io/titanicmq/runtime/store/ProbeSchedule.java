package io.titanicmq.runtime.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When the FAILED journal writer probes next: {@value #FIRST_PROBE_MILLIS} ms after the failure,
 * then doubling up to {@value #MAX_PROBE_MILLIS} ms while probes fail. A failure soon after a
 * recovery (a disk still nearly full) keeps the doubled back-off instead of starting over, so a
 * flapping store is not hammered. Used by the writer thread only; times are {@link System#nanoTime}.
 */
final class ProbeSchedule {

    static final long FIRST_PROBE_MILLIS = 500;
    static final long MAX_PROBE_MILLIS = 10_000;
    private static final long FLAPPING_NANOS = TimeUnit.MILLISECONDS.toNanos(3 * MAX_PROBE_MILLIS);

    private long delayMillis = FIRST_PROBE_MILLIS;
    private long next;
    private long failedSince;
    private long recoveredAt;

    /** The store failed at {@code now}. */
    void failed(long now) {
        boolean flapping = recoveredAt != 0 && now - recoveredAt < FLAPPING_NANOS;
        delayMillis = flapping ? Math.min(delayMillis * 2, MAX_PROBE_MILLIS) : FIRST_PROBE_MILLIS;
        failedSince = now;
        next = now + TimeUnit.MILLISECONDS.toNanos(delayMillis);
    }

    /** A probe failed at {@code now}; returns the wait before the next one, in ms. */
    long probeFailed(long now) {
        delayMillis = Math.min(delayMillis * 2, MAX_PROBE_MILLIS);
        next = now + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        return delayMillis;
    }

    /** A probe succeeded at {@code now}; returns how long the store was FAILED. */
    Duration recovered(long now) {
        recoveredAt = now;
        return Duration.ofNanos(now - failedSince);
    }

    /** When the next probe is due. */
    long next() {
        return next;
    }

    boolean due(long now) {
        return now - next >= 0;
    }
}
