package io.titanicmq.runtime.local;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

/**
 * The broker's end of the in-process links: bound under the broker's {@code inproc://} endpoint
 * name, it hands each connecting worker a {@link LocalLink} with an identity of its own, collects
 * what the links send in one inbox, and delivers the broker's messages to a link by identity, the
 * way a ROUTER socket does.
 *
 * <p>An identity is a zero byte followed by 16 random bytes. A ROUTER makes 5-byte identities that
 * start with a zero byte, and a network peer cannot guess 128 random bits, so a local identity is
 * never mistaken for a network peer's, nor the other way round.
 *
 * <p>Queues are unbounded: the broker sends a worker one request at a time plus heartbeats, and a
 * worker sends one reply per request plus heartbeats and rate-limited progress, so what can wait
 * in them is bounded by the number of connections.
 *
 * <p>{@link #poll}, {@link #deliver} and {@link #owns} are for the broker thread;
 * {@link #connect} and the links' methods for any thread.
 */
public final class LocalHub implements AutoCloseable {

    /** Length of a local identity: a zero byte and 16 random bytes. */
    static final int IDENTITY_LENGTH = 17;

    private static final ConcurrentMap<String, LocalHub> BOUND = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String endpoint;
    private final Runnable wakeBroker;
    private final Queue<List<byte[]>> inbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentMap<ByteBuffer, LocalLink> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LocalHub(String endpoint, Runnable wakeBroker) {
        this.endpoint = endpoint;
        this.wakeBroker = wakeBroker;
    }

    /**
     * Binds a hub under {@code endpoint}.
     *
     * @param wakeBroker wakes the broker thread after a message was queued in its inbox; called
     *                   often, so it should coalesce
     * @throws IllegalStateException when a hub is already bound there
     */
    public static LocalHub bind(String endpoint, Runnable wakeBroker) {
        LocalHub hub = new LocalHub(Objects.requireNonNull(endpoint, "endpoint"),
                Objects.requireNonNull(wakeBroker, "wakeBroker"));
        if (BOUND.putIfAbsent(endpoint, hub) != null) {
            throw new IllegalStateException("A local hub is already bound to " + endpoint);
        }
        return hub;
    }

    /** The hub bound under {@code endpoint}, if any: then a worker of this process may use it. */
    public static Optional<LocalHub> find(String endpoint) {
        return Optional.ofNullable(BOUND.get(endpoint));
    }

    /** The endpoint the hub is bound under. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Opens a link to the broker.
     *
     * @param wakePeer wakes the link's owner after a message was queued for it; called on the
     *                 broker thread, so it must not block, and it should coalesce
     */
    public LocalLink connect(Runnable wakePeer) {
        byte[] identity = new byte[IDENTITY_LENGTH];
        ByteBuffer key;
        LocalLink link;
        do {
            RANDOM.nextBytes(identity);
            identity[0] = 0;
            key = ByteBuffer.wrap(identity.clone());
            link = new LocalLink(this, key.array(), Objects.requireNonNull(wakePeer, "wakePeer"));
        } while (links.putIfAbsent(key, link) != null);
        if (closed) {
            links.remove(key);
            link.closeFromHub();
        }
        return link;
    }

    /** Whether {@code identity} has the shape of a local link's (it may have closed since). */
    public static boolean isLocalIdentity(byte[] identity) {
        return identity.length == IDENTITY_LENGTH && identity[0] == 0;
    }

    /**
     * The next message a link sent, as a ROUTER would read it: the link's identity, then its
     * frames. Null when none is waiting.
     */
    public List<byte[]> poll() {
        return inbox.poll();
    }

    /**
     * Queues {@code frames} for the link with this identity and wakes its owner. A message for a
     * link that closed is dropped, as a ROUTER drops one for a peer that went away.
     *
     * @return false when no open link has this identity
     */
    public boolean deliver(byte[] identity, List<byte[]> frames) {
        LocalLink link = links.get(ByteBuffer.wrap(identity));
        return link != null && link.accept(frames);
    }

    /** From a link: queues its message for the broker, unless the hub or the link closed. */
    boolean fromLink(LocalLink link, List<byte[]> framesWithIdentity) {
        if (closed || !link.isOpen()) {
            return false;
        }
        inbox.add(framesWithIdentity);
        wakeBroker.run();
        return true;
    }

    /** From a link that closed: the broker no longer delivers to it. */
    void closed(LocalLink link) {
        links.remove(ByteBuffer.wrap(link.identity()), link);
    }

    /** Unbinds the hub and closes every link; their owners see a silent broker, as after a crash. */
    @Override
    public void close() {
        closed = true;
        BOUND.remove(endpoint, this);
        links.values().forEach(LocalLink::closeFromHub);
        links.clear();
        inbox.clear();
    }
}
