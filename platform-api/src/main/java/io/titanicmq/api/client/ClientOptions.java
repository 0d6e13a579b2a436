package io.titanicmq.api.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link MajordomoClient}, immutable; build with {@link #builder()} or take
 * {@link #defaults()}.
 *
 * <ul>
 *   <li>{@code timeout} (default 2.5 s): how long one attempt waits for its reply;</li>
 *   <li>{@code retries} (default 3): how many times a request is resent after a timeout, so a
 *       request makes at most {@code retries + 1} attempts;</li>
 *   <li>{@code slots} (default 16): connections to the broker, hence requests in flight at once
 *       (MDP 0.1 replies carry no correlation id, so each connection holds one request);</li>
 *   <li>{@code maxQueued} (default 10,000): requests that may wait for a free slot; a client holds
 *       at most {@code slots + maxQueued} unfinished requests, beyond that
 *       {@link MajordomoClient#send} fails at once with "too many requests queued";</li>
 *   <li>{@code linger} (default 0): how long a closed connection keeps trying to send;</li>
 *   <li>{@code curve} (default none): {@link CurveCredentials} to connect to a broker that has
 *       CurveZMQ on; without them the connection is plaintext.</li>
 * </ul>
 */
public final class ClientOptions {

    private static final ClientOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final int retries;
    private final int slots;
    private final int maxQueued;
    private final Duration linger;
    private final CurveCredentials curve;

    private ClientOptions(Builder b) {
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.slots = b.slots;
        this.maxQueued = b.maxQueued;
        this.linger = b.linger;
        this.curve = b.curve;
    }

    /** The defaults: 2.5 s timeout, 3 retries, 16 slots, 10,000 queued, linger 0. */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().timeout(timeout).retries(retries).slots(slots).maxQueued(maxQueued).linger(linger).curve(curve);
    }

    /** How long one attempt waits for its reply. */
    public Duration timeout() {
        return timeout;
    }

    /** How many times a request is resent after a timeout. */
    public int retries() {
        return retries;
    }

    /** Attempts a request makes at most: {@code retries + 1}. */
    public int attempts() {
        return retries + 1;
    }

    /** Connections to the broker: the most requests in flight at once. */
    public int slots() {
        return slots;
    }

    /** The most requests waiting for a free slot before {@link MajordomoClient#send} refuses more. */
    public int maxQueued() {
        return maxQueued;
    }

    /** Linger of the client's sockets. */
    public Duration linger() {
        return linger;
    }

    /** The CURVE keys the client connects with, empty for a plaintext connection. */
    public java.util.Optional<CurveCredentials> curve() {
        return java.util.Optional.ofNullable(curve);
    }

    @Override
    public String toString() {
        return "ClientOptions[timeout=" + timeout.toMillis() + " ms, retries=" + retries + ", slots=" + slots
                + ", maxQueued=" + maxQueued + ", linger=" + linger.toMillis() + " ms"
                + (curve == null ? "" : ", curve=" + curve.fingerprint()) + "]";
    }

    /** Builds {@link ClientOptions}; every setter validates its argument at once. */
    public static final class Builder {
        private Duration timeout = Duration.ofMillis(2500);
        private int retries = 3;
        private int slots = 16;
        private int maxQueued = 10_000;
        private Duration linger = Duration.ZERO;
        private CurveCredentials curve;

        private Builder() {
        }

        /**
         * @param value per-attempt timeout, at least 1 ms
         * @return this builder
         */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException("timeout must be at least 1 ms, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * @param value resends after a timeout, 0 or more
         * @return this builder
         */
        public Builder retries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("retries must be >= 0, was " + value);
            }
            this.retries = value;
            return this;
        }

        /**
         * @param value connections to the broker (requests in flight), 1 to 1024
         * @return this builder
         */
        public Builder slots(int value) {
            if (value < 1 || value > 1024) {
                throw new IllegalArgumentException("slots must be within 1..1024, was " + value);
            }
            this.slots = value;
            return this;
        }

        /**
         * @param value requests waiting for a slot before send refuses more, 0 or more
         * @return this builder
         */
        public Builder maxQueued(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxQueued must be >= 0, was " + value);
            }
            this.maxQueued = value;
            return this;
        }

        /**
         * @param value socket linger, zero or positive
         * @return this builder
         */
        public Builder linger(Duration value) {
            Objects.requireNonNull(value, "linger");
            if (value.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + value);
            }
            this.linger = value;
            return this;
        }

        /**
         * @param value the CURVE keys to connect with, or null for a plaintext connection
         * @return this builder
         */
        public Builder curve(CurveCredentials value) {
            this.curve = value;
            return this;
        }

        /** The options. */
        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}
