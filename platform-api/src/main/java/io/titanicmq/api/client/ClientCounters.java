package io.titanicmq.api.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters written by the I/O thread and read by anyone through {@link MajordomoClient#stats()}. */
final class ClientCounters {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final AtomicLong malformedReplies = new AtomicLong();
    final AtomicLong unmatchedReplies = new AtomicLong();
    final AtomicLong socketsRecreated = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();

    ClientStats snapshot(int unfinished) {
        return new ClientStats(sent.get(), retries.get(), timedOut.get(), malformedReplies.get(),
                unmatchedReplies.get(), socketsRecreated.get(), inFlight.get(), unfinished);
    }
}
