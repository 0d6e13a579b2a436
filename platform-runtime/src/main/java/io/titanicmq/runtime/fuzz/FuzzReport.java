package io.titanicmq.runtime.fuzz;

import java.time.Duration;
import java.util.Map;

/**
 * What one fuzz run did.
 *
 * @param seed the seed that replays the run's generated messages
 * @param sent messages sent, all categories
 * @param sentByCategory messages sent per category
 * @param repliesToRequests REPLYs (well-formed or mutated) the fuzz workers sent for REQUESTs the broker gave them
 * @param received messages the broker sent back to the fuzz sockets (answers, REQUESTs, DISCONNECTs)
 * @param disconnectsReceived DISCONNECTs among them: the broker refusing a fuzz worker
 * @param skipped messages not sent because the broker did not take them within the send timeout
 * @param unconfirmed sockets whose last request the broker did not answer within a minute (then
 *     not every message they sent is known to have been handled)
 * @param duration wall time of the run
 */
public record FuzzReport(long seed, long sent, Map<FuzzCategory, Long> sentByCategory, long repliesToRequests,
                         long received, long disconnectsReceived, long skipped, long unconfirmed,
                         Duration duration) {

    /** Copies the map. */
    public FuzzReport {
        sentByCategory = Map.copyOf(sentByCategory);
    }

    /** Messages per second over the run. */
    public double rate() {
        return sent / Math.max(1e-9, duration.toNanos() / 1e9);
    }
}
