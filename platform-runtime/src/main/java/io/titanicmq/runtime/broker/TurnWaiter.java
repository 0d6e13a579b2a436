package io.titanicmq.runtime.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Waits for the broker thread's next turn: input on the ROUTER socket or a signal on the
 * {@link Wakeup} channel, with a timeout. Broker thread only.
 *
 * <p>It does what {@link ZMQ.Poller} does for these two, on one {@link Selector} registered once:
 * JeroMQ's poll builds a map of the selector's keys, iterators and a selected-key set on every
 * call, which on a busy broker was half of the server's allocation (and so of its young
 * collections, docs/benchmarks.md). The socket's {@link ZMQ.Socket#getFD() descriptor} follows the
 * ZMQ_FD rule: it being readable says only "ask the socket", so the socket's own
 * {@link ZMQ.Socket#getEvents() events} decide, before sleeping and after waking.
 */
final class TurnWaiter implements AutoCloseable {

    /**
     * Readable-but-empty selects in a row before the thread yields: when the writer runs on the
     * other core it counts its byte within microseconds, and a yield would only cost a turn.
     */
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final int SOCKET = 0;
    private static final int WAKEUP = 1;

    private final ZMQ.Socket socket;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::ready;
    private int spurious;
    /** What the last {@link #await} found ({@code tasks} is set by {@link #ready} as it selects). */
    private boolean input;
    private boolean tasks;

    /** @throws UncheckedIOException when the selector cannot be opened or the channels registered */
    TurnWaiter(ZMQ.Socket socket, SelectableChannel wakeup) {
        this.socket = socket;
        try {
            selector = Selector.open();
            try {
                socket.getFD().register(selector, SelectionKey.OP_READ, SOCKET);
                wakeup.register(selector, SelectionKey.OP_READ, WAKEUP);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the broker's selector", e);
        }
    }

    /**
     * Sleeps until the socket has input, the wake-up channel was signalled or {@code timeoutNanos}
     * passed; without sleeping when the socket already has input. Then
     * {@link #input()} and {@link #tasks()} say what there is.
     *
     * @throws ZMQException with ETERM when the context was terminated
     */
    void await(long timeoutNanos) {
        tasks = false;
        // Sending can consume the socket's read signal while input is already queued: ask the
        // socket itself, and do not sleep when it has something.
        boolean ready = hasInput();
        int selected;
        try {
            if (ready || timeoutNanos <= 0) {
                selected = selector.selectNow(onReady);
            } else {
                // select(action, 0) would block forever: round up to at least a millisecond
                selected = selector.select(onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the broker's selector failed", e);
        }
        // cheap when nothing arrived: JeroMQ reads its signal pipe only when a command is queued
        input = ready || hasInput();
        if (selected == 0 || input || tasks) {
            spurious = 0;
        } else if (++spurious >= SPINS_BEFORE_YIELD) {
            // The descriptor was readable, yet the socket has nothing: JeroMQ's signaller writes
            // its byte before it counts it, and the socket ignores a byte it has not counted. When
            // the writer (the I/O thread) was pushed off its core by this thread's wake-up between
            // the two, the descriptor stays readable until it runs again: selecting again at once
            // spun the broker 400,000 times a second under load (docs/benchmarks.md). Yielding
            // lets the writer finish.
            spurious = 0;
            Thread.yield();
        }
    }

    private boolean hasInput() {
        int events = socket.getEvents();
        if (events < 0) {
            // -1 with ETERM once the context is terminated: every bit set would read as input
            throw new ZMQException("cannot read the broker socket's events", socket.errno());
        }
        return (events & ZMQ.Poller.POLLIN) != 0;
    }

    private void ready(SelectionKey key) {
        if ((Integer) key.attachment() == WAKEUP) {
            tasks = true;
        }
    }

    /** Whether the socket had a message to read after the last {@link #await}. */
    boolean input() {
        return input;
    }

    /** Whether the wake-up channel was signalled during the last {@link #await}. */
    boolean tasks() {
        return tasks;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the broker's selector", e);
        }
    }
}
