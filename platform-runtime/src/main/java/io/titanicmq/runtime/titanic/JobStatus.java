package io.titanicmq.runtime.titanic;

import java.util.concurrent.TimeUnit;

/**
 * What the dispatcher knows of a pending request beyond the store: whether a worker runs an
 * attempt, since when, and the last progress it reported. In memory only: it is gone after
 * a restart and after the request ended.
 *
 * @param running whether a worker has taken the current attempt (false while the request waits in
 *     Titanic's queue, for a retry, or at the broker for a worker)
 * @param attempt the attempt running, 0 when none
 * @param elapsedMs how long that attempt has been going, 0 when none
 * @param fraction the last progress reported for it, 0 to 1, or -1 when none
 * @param message the text reported with it, empty when none
 * @param etaMs the estimated time left from the progress rate, or -1 when unknown (no progress,
 *     or none above 0)
 */
record JobStatus(boolean running, int attempt, long elapsedMs, double fraction, String message, long etaMs) {

    /** A request waiting in Titanic's queue, for a retry or for a worker. */
    static final JobStatus WAITING = new JobStatus(false, 0, 0, -1, "", -1);

    /**
     * The status of a running attempt.
     *
     * @param startedAt when a worker took the attempt ({@link System#nanoTime()})
     * @param reportedAt when the last progress came, 0 when none
     * @param now the time of the snapshot
     */
    static JobStatus running(int attempt, long startedAt, double fraction, String message, long reportedAt, long now) {
        long elapsedNanos = Math.max(0, now - startedAt);
        long eta = -1;
        if (fraction > 0 && reportedAt != 0) {
            // The rate so far, applied to what is left, counted from the time of the report.
            double atReport = Math.max(0, reportedAt - startedAt);
            double left = atReport * (1 - fraction) / fraction - Math.max(0, now - reportedAt);
            eta = TimeUnit.NANOSECONDS.toMillis(Math.max(0, Math.round(left)));
        }
        return new JobStatus(true, attempt, TimeUnit.NANOSECONDS.toMillis(elapsedNanos), fraction,
                message == null ? "" : message, eta);
    }
}
