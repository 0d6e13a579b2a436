package io.titanicmq.runtime.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.runtime.security.KeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How hosted workers talk to the broker: the {@code titanic.workers} section of the configuration.
 *
 * @param broker the broker endpoint the worker connections connect to
 * @param concurrency worker connections per service (already resolved: never 0)
 * @param heartbeatInterval interval between the heartbeats a worker sends, and expects
 * @param heartbeatLiveness the broker is dead after this many intervals without a message from it
 * @param reconnectDelay wait before reconnecting to a broker found dead or that said DISCONNECT
 * @param stopGrace how long a running request may take to finish when the connection closes
 * @param sendProgress whether handler progress is sent to the broker (PROGRESS extension)
 * @param concurrencyByService per-service overrides of {@code concurrency}
 * @param handlerTimeout how long one request may run in a handler before the connection answers a
 *     retryable failure, cancels the request and gives the handler thread up; zero = no limit
 * @param handlerTimeoutByService per-service overrides of {@code handlerTimeout}
 * @param maxMessageSize the broker's {@code max-message-size}: a handler's reply larger than that
 *     is replaced by a terminal failure saying so (the broker would drop the connection); 0 = unchecked
 * @param curve the CURVE keys to connect with (a remote broker with CURVE on), or null for plaintext
 */
public record WorkerSettings(String broker, int concurrency, Duration heartbeatInterval, int heartbeatLiveness,
                             Duration reconnectDelay, Duration stopGrace, boolean sendProgress,
                             Map<String, Integer> concurrencyByService, Duration handlerTimeout,
                             Map<String, Duration> handlerTimeoutByService, long maxMessageSize,
                             CurveCredentials curve) {

    /** Checks every value; the config reader reports the key and origin, this the programming error. */
    public WorkerSettings {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        if (broker.isBlank()) {
            throw new IllegalArgumentException("broker endpoint is empty");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive, was " + heartbeatInterval);
        }
        if (heartbeatLiveness < 1) {
            throw new IllegalArgumentException("heartbeatLiveness must be at least 1, was " + heartbeatLiveness);
        }
        if (reconnectDelay.isNegative() || stopGrace.isNegative()) {
            throw new IllegalArgumentException("reconnectDelay and stopGrace must not be negative");
        }
        concurrencyByService = Map.copyOf(concurrencyByService);
        if (concurrencyByService.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("per-service concurrency must be at least 1: " + concurrencyByService);
        }
        handlerTimeoutByService = Map.copyOf(handlerTimeoutByService);
        if (handlerTimeout.isNegative() || handlerTimeoutByService.values().stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("handler timeouts must not be negative");
        }
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative, was " + maxMessageSize);
        }
    }

    /** Plaintext settings with a handler timeout. */
    public WorkerSettings(String broker, int concurrency, Duration heartbeatInterval, int heartbeatLiveness,
                          Duration reconnectDelay, Duration stopGrace, boolean sendProgress,
                          Map<String, Integer> concurrencyByService, Duration handlerTimeout,
                          Map<String, Duration> handlerTimeoutByService, long maxMessageSize) {
        this(broker, concurrency, heartbeatInterval, heartbeatLiveness, reconnectDelay, stopGrace, sendProgress,
                concurrencyByService, handlerTimeout, handlerTimeoutByService, maxMessageSize, null);
    }

    /** The handler timeout of {@code service}: its override, else {@link #handlerTimeout()}; zero = none. */
    public Duration handlerTimeoutFor(String service) {
        return handlerTimeoutByService.getOrDefault(service, handlerTimeout);
    }

    /** Plaintext settings with per-service concurrency and no handler timeout. */
    public WorkerSettings(String broker, int concurrency, Duration heartbeatInterval, int heartbeatLiveness,
                          Duration reconnectDelay, Duration stopGrace, boolean sendProgress,
                          Map<String, Integer> concurrencyByService) {
        this(broker, concurrency, heartbeatInterval, heartbeatLiveness, reconnectDelay, stopGrace, sendProgress,
                concurrencyByService, Duration.ZERO, Map.of(), 0, null);
    }

    /** Settings with one concurrency for every service. */
    public WorkerSettings(String broker, int concurrency, Duration heartbeatInterval, int heartbeatLiveness,
                          Duration reconnectDelay, Duration stopGrace, boolean sendProgress) {
        this(broker, concurrency, heartbeatInterval, heartbeatLiveness, reconnectDelay, stopGrace, sendProgress, Map.of());
    }

    /** Worker connections for {@code service}: its override, else {@link #concurrency()}. */
    public int concurrencyFor(String service) {
        return concurrencyByService.getOrDefault(service, concurrency);
    }

    /** Settings that send progress (the default). */
    public WorkerSettings(String broker, int concurrency, Duration heartbeatInterval, int heartbeatLiveness,
                          Duration reconnectDelay, Duration stopGrace) {
        this(broker, concurrency, heartbeatInterval, heartbeatLiveness, reconnectDelay, stopGrace, true);
    }

    /**
     * Reads {@code workers.*} from the {@code titanic} section.
     *
     * @param titanic the {@code titanic} section (reference.conf holds every default)
     * @param defaultBroker the endpoint used when {@code titanic.workers.broker} is empty, normally
     *     this process's broker endpoint
     * @return the validated settings; {@code concurrency = 0} resolved to the number of processors
     * @throws ConfigException.BadValue naming key and origin when a value is out of range
     */
    public static WorkerSettings from(Config titanic, String defaultBroker) {
        Config w = titanic.getConfig("workers");
        String broker = w.getString("broker");
        if (broker.isBlank()) {
            broker = defaultBroker == null ? "" : defaultBroker;
        }
        if (broker.isBlank()) {
            throw bad(w, "broker", "no broker endpoint: set titanic.workers.broker or run the broker role");
        }
        int concurrency = w.getInt("concurrency");
        if (concurrency < 0) {
            throw bad(w, "concurrency", "must be 0 (one per processor) or more, was " + concurrency);
        }
        if (concurrency == 0) {
            concurrency = Runtime.getRuntime().availableProcessors();
        }
        Duration heartbeat = w.getDuration("heartbeat-interval");
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw bad(w, "heartbeat-interval", "must be positive, was " + heartbeat);
        }
        int liveness = w.getInt("heartbeat-liveness");
        if (liveness < 1) {
            throw bad(w, "heartbeat-liveness", "must be at least 1, was " + liveness);
        }
        Duration reconnect = w.getDuration("reconnect-delay");
        if (reconnect.isNegative()) {
            throw bad(w, "reconnect-delay", "must not be negative, was " + reconnect);
        }
        Duration grace = w.getDuration("stop-grace");
        if (grace.isNegative()) {
            throw bad(w, "stop-grace", "must not be negative, was " + grace);
        }
        Map<String, Integer> byService = new HashMap<>();
        Config overrides = w.getConfig("concurrency-by-service");
        for (String service : overrides.root().keySet()) {
            int n = overrides.getInt(ConfigUtil.joinPath(service));
            if (n < 1) {
                throw bad(w, "concurrency-by-service", "'" + service + "' must be at least 1, was " + n);
            }
            byService.put(service, n);
        }
        Duration handlerTimeout = w.getDuration("handler-timeout");
        if (handlerTimeout.isNegative()) {
            throw bad(w, "handler-timeout", "must be 0 (no limit) or more, was " + handlerTimeout);
        }
        Map<String, Duration> timeoutByService = new HashMap<>();
        Config timeouts = w.getConfig("handler-timeout-by-service");
        for (String service : timeouts.root().keySet()) {
            Duration t = timeouts.getDuration(ConfigUtil.joinPath(service));
            if (t.isNegative()) {
                throw bad(w, "handler-timeout-by-service", "'" + service + "' must be 0 (no limit) or more, was " + t);
            }
            timeoutByService.put(service, t);
        }
        CurveCredentials curve = w.getString("broker").isBlank() ? null : curve(titanic, w);
        return new WorkerSettings(broker, concurrency, heartbeat, liveness, reconnect, grace,
                w.getBoolean("send-progress"), byService, handlerTimeout, timeoutByService,
                titanic.getBytes("broker.max-message-size"), curve);
    }

    /**
     * The keys of {@code workers.curve-key} (a pair under {@code security.keys-dir}) with the
     * server's {@code security.server-public-key-file}; null when the name is empty.
     */
    private static CurveCredentials curve(Config titanic, Config w) {
        String name = w.getString("curve-key");
        if (name.isBlank()) {
            return null;
        }
        Path keys = Path.of(titanic.getString("security.keys-dir"));
        try {
            return new CurveCredentials(KeyFiles.read(keys.resolve(titanic.getString("security.server-public-key-file"))),
                    KeyFiles.read(keys.resolve(name + KeyFiles.PUBLIC_SUFFIX)),
                    KeyFiles.read(keys.resolve(name + KeyFiles.SECRET_SUFFIX)));
        } catch (IOException | IllegalArgumentException e) {
            throw bad(w, "curve-key", "cannot read the key pair '" + name + "' or the server key under " + keys
                    + ": " + e.getMessage());
        }
    }

    /** How long the broker may stay silent before it counts as dead. */
    public Duration brokerTimeout() {
        return heartbeatInterval.multipliedBy(heartbeatLiveness);
    }

    private static ConfigException.BadValue bad(Config section, String key, String message) {
        return new ConfigException.BadValue(section.getValue(key).origin(), "titanic.workers." + key, message);
    }
}
