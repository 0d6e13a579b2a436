package io.titanicmq.runtime.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One worker's in-process link to the broker, the counterpart of a DEALER socket connected to the
 * broker's ROUTER: {@link #send} queues a message for the broker (which sees it with this link's
 * identity in front), {@link #receive} takes the next message the broker sent. Owned by one thread
 * (the worker's socket thread); {@link #close} ends it.
 */
public final class LocalLink {

    private final LocalHub hub;
    private final byte[] identity;
    private final Runnable wakeOwner;
    private final Queue<List<byte[]>> received = new ConcurrentLinkedQueue<>();
    private volatile boolean open = true;

    LocalLink(LocalHub hub, byte[] identity, Runnable wakeOwner) {
        this.hub = hub;
        this.identity = identity;
        this.wakeOwner = wakeOwner;
    }

    /** The identity the broker knows this link by. */
    byte[] identity() {
        return identity;
    }

    /** Whether neither side closed the link. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Queues a message for the broker.
     *
     * @param frames the message as a DEALER would send it (no identity frame)
     * @return false when the link or the broker's hub is closed: the message is dropped
     */
    public boolean send(List<byte[]> frames) {
        List<byte[]> withIdentity = new ArrayList<>(frames.size() + 1);
        withIdentity.add(identity);
        withIdentity.addAll(frames);
        return hub.fromLink(this, withIdentity);
    }

    /** The next message from the broker, or null when none is waiting. */
    public List<byte[]> receive() {
        return received.poll();
    }

    /** Whether a message from the broker is waiting. */
    public boolean hasInput() {
        return !received.isEmpty();
    }

    /** Closes the link: nothing more is sent or received; what waits is dropped. */
    public void close() {
        open = false;
        hub.closed(this);
        received.clear();
    }

    /** From the hub: queues a message from the broker and wakes the owner. */
    boolean accept(List<byte[]> frames) {
        if (!open) {
            return false;
        }
        received.add(frames);
        wakeOwner.run();
        return true;
    }

    /** From the hub, when it closes. */
    void closeFromHub() {
        open = false;
        received.clear();
    }
}
