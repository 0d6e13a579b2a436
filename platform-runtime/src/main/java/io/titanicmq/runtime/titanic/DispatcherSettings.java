package io.titanicmq.runtime.titanic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How the dispatcher retries and bounds work, from {@code titanic.dispatcher.*}.
 *
 * @param maxAttempts tries before a stored terminal failure
 * @param retryBackoff first wait before a retry; doubles per attempt
 * @param retryBackoffMax the longest wait before a retry
 * @param attemptTimeout an attempt running longer is retried
 * @param attemptTimeoutByService per-service overrides of {@code attemptTimeout}
 * @param inFlightPerService requests of one service handed to the broker at once
 * @param noWorkerTimeout a request whose service had no worker this long fails
 * @param queuedBodyMemory bytes of queued requests' bodies kept in memory; the others are read back
 *     from the store when their turn comes
 */
public record DispatcherSettings(int maxAttempts, Duration retryBackoff, Duration retryBackoffMax,
                                 Duration attemptTimeout, Map<String, Duration> attemptTimeoutByService,
                                 int inFlightPerService, Duration noWorkerTimeout, long queuedBodyMemory) {

    /** Copies the map and checks the bounds. */
    public DispatcherSettings {
        attemptTimeoutByService = Map.copyOf(attemptTimeoutByService);
        if (maxAttempts < 1 || inFlightPerService < 1) {
            throw new IllegalArgumentException("max-attempts and in-flight-per-service must be at least 1");
        }
        if (queuedBodyMemory < 0) {
            throw new IllegalArgumentException("queued-body-memory must not be negative");
        }
    }

    /**
     * Reads {@code dispatcher.*} of the {@code titanic} subtree, eagerly.
     *
     * @param titanic the {@code titanic} config subtree
     * @return the settings
     */
    public static DispatcherSettings from(Config titanic) {
        Config c = titanic.getConfig("dispatcher");
        Map<String, Duration> byService = new HashMap<>();
        Config overrides = c.getConfig("attempt-timeout-by-service");
        for (String service : overrides.root().keySet()) {
            byService.put(service, overrides.getDuration(com.typesafe.config.ConfigUtil.joinPath(service)));
        }
        int maxAttempts = c.getInt("max-attempts");
        if (maxAttempts < 1) {
            throw new ConfigException.BadValue(c.origin(), "titanic.dispatcher.max-attempts", "must be at least 1");
        }
        int inFlight = c.getInt("in-flight-per-service");
        if (inFlight < 1) {
            throw new ConfigException.BadValue(c.origin(), "titanic.dispatcher.in-flight-per-service", "must be at least 1");
        }
        long bodies = c.getBytes("queued-body-memory");
        if (bodies < 0) {
            throw new ConfigException.BadValue(c.origin(), "titanic.dispatcher.queued-body-memory", "must not be negative");
        }
        return new DispatcherSettings(maxAttempts, c.getDuration("retry-backoff"), c.getDuration("retry-backoff-max"),
                c.getDuration("attempt-timeout"), byService, inFlight, c.getDuration("no-worker-timeout"), bodies);
    }

    /** The attempt timeout for {@code service}. */
    public Duration attemptTimeout(String service) {
        return attemptTimeoutByService.getOrDefault(service, attemptTimeout);
    }

    /** The wait before attempt {@code nextAttempt} (2 = first retry). */
    public Duration backoff(int nextAttempt) {
        Duration wait = retryBackoff;
        for (int i = 2; i < nextAttempt && wait.compareTo(retryBackoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : wait;
    }
}
