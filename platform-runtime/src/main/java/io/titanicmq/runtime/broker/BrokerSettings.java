package io.titanicmq.runtime.broker;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * The broker's settings, the {@code titanic.broker} section of the configuration.
 *
 * @param endpoint          the endpoint the ROUTER socket binds, e.g. {@code tcp://127.0.0.1:5555}
 * @param heartbeatInterval interval between heartbeats sent to each worker, and expected from it
 * @param heartbeatLiveness a worker is dead after this many intervals without a message from it
 * @param requestExpiry     how long a request for a service without workers waits before it is dropped
 * @param maxMessageSize    largest message in bytes: the socket's ZMQ_MAXMSGSIZE (ZeroMQ checks each frame
 *                          and disconnects a peer sending a larger one), then the broker checks all
 *                          frames together and drops a larger message like one over {@code maxFrames}
 * @param maxFrames         most frames a peer's message may have (as sent, without the identity frame the
 *                          ROUTER adds); a longer
 *                          one is dropped and counted, a {@code titanic.*} request answered {@code 500}
 */
public record BrokerSettings(String endpoint, Duration heartbeatInterval, int heartbeatLiveness,
                             Duration requestExpiry, long maxMessageSize, int maxFrames) {

    /** The default of {@code titanic.broker.max-frames}. */
    public static final int DEFAULT_MAX_FRAMES = 1024;
    /** The fewest frames a limit may allow (a worker REPLY with one body frame has 6). */
    static final int MIN_FRAMES = 8;

    /** Validates every value eagerly, so a bad setting stops start-up with its name. */
    public BrokerSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(requestExpiry, "requestExpiry");
        require(!endpoint.isBlank(), "titanic.broker.endpoint must not be empty");
        require(heartbeatInterval.toMillis() > 0,
                "titanic.broker.heartbeat-interval must be at least 1ms, was " + heartbeatInterval);
        require(heartbeatLiveness > 0,
                "titanic.broker.heartbeat-liveness must be positive, was " + heartbeatLiveness);
        require(requestExpiry.toMillis() > 0,
                "titanic.broker.request-expiry must be at least 1ms, was " + requestExpiry);
        require(maxMessageSize > 0,
                "titanic.broker.max-message-size must be positive, was " + maxMessageSize);
        require(maxFrames >= MIN_FRAMES,
                "titanic.broker.max-frames must be at least " + MIN_FRAMES + ", was " + maxFrames);
    }

    /** With the default {@code max-frames}. */
    public BrokerSettings(String endpoint, Duration heartbeatInterval, int heartbeatLiveness,
                          Duration requestExpiry, long maxMessageSize) {
        this(endpoint, heartbeatInterval, heartbeatLiveness, requestExpiry, maxMessageSize, DEFAULT_MAX_FRAMES);
    }

    /**
     * Reads {@code broker.*} from the {@code titanic} section.
     *
     * @param titanic the {@code titanic} subtree, e.g. {@code ConfigFactory.load().getConfig("titanic")}
     * @return the validated settings
     * @throws com.typesafe.config.ConfigException when a key is missing or has the wrong type
     *         (the message names origin and key)
     * @throws IllegalArgumentException when a value is out of range
     */
    public static BrokerSettings from(Config titanic) {
        Config broker = titanic.getConfig("broker");
        return new BrokerSettings(
                broker.getString("endpoint"),
                broker.getDuration("heartbeat-interval"),
                broker.getInt("heartbeat-liveness"),
                broker.getDuration("request-expiry"),
                broker.getMemorySize("max-message-size").toBytes(),
                broker.getInt("max-frames"));
    }

    /** How long a worker may stay silent before it is dead: liveness × interval. */
    Duration workerTimeout() {
        return heartbeatInterval.multipliedBy(heartbeatLiveness);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
