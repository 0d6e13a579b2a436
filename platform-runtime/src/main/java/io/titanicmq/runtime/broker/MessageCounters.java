package io.titanicmq.runtime.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's counters, readable from any thread, and the rate-limited log of dropped messages:
 * each kind of problem is logged at WARN at most once a minute,
 * the rest at DEBUG, so a peer sending garbage cannot flood the log.
 */
final class MessageCounters {

    private static final Logger LOG = LoggerFactory.getLogger(MessageCounters.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final Map<String, long[]> lastLogged = new ConcurrentHashMap<>();
    private volatile String endpoint;

    MessageCounters(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Names the broker by its bound endpoint (real port) in later log lines. */
    void boundTo(String boundEndpoint) {
        endpoint = boundEndpoint;
    }

    /** A message was dropped (and its peer possibly disconnected) for {@code kind}. */
    void dropped(String kind, String detail) {
        malformed.incrementAndGet();
        if (shouldLog(kind)) {
            LOG.warn("Broker {}: dropped {} ({}); further ones are logged at debug for a minute",
                    endpoint, kind, detail);
        } else {
            LOG.debug("Broker {}: dropped {} ({})", endpoint, kind, detail);
        }
    }

    /** Handling a message or task failed with an unexpected exception; counted as dropped. */
    void failed(String what, RuntimeException e) {
        malformed.incrementAndGet();
        if (shouldLog("failure:" + e.getClass().getName())) {
            LOG.error("Broker {}: {} failed; the broker carries on", endpoint, what, e);
        } else {
            LOG.debug("Broker {}: {} failed", endpoint, what, e);
        }
    }

    void routed() {
        routed.incrementAndGet();
    }

    void replied() {
        replies.incrementAndGet();
    }

    void expired() {
        expired.incrementAndGet();
    }

    BrokerStats snapshot(Map<String, Integer> workers, Map<String, Integer> queued) {
        return new BrokerStats(malformed.get(), routed.get(), replies.get(), expired.get(), workers, queued);
    }

    private boolean shouldLog(String kind) {
        long now = System.nanoTime();
        long[] last = lastLogged.computeIfAbsent(kind, k -> new long[] {now - LOG_EVERY_NANOS});
        synchronized (last) {
            if (now - last[0] >= LOG_EVERY_NANOS) {
                last[0] = now;
                return true;
            }
            return false;
        }
    }
}
