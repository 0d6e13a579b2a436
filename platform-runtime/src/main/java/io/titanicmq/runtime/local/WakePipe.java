package io.titanicmq.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a thread that waits in a poller from any other thread, without sharing a ZeroMQ socket: a
 * {@link Pipe} whose source end the owner registers for reading. Signals are coalesced: between
 * two drains the pipe is written once, as the owner looks at all the state a signal may announce
 * after each drain anyway. The broker thread and the workers' socket threads each own one.
 */
public final class WakePipe implements AutoCloseable {

    private final Pipe pipe;
    private final ByteBuffer drained = ByteBuffer.allocate(64);
    private final AtomicBoolean pending = new AtomicBoolean();

    /** @throws UncheckedIOException when the pipe cannot be opened */
    public WakePipe() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a wake-up pipe", e);
        }
    }

    /** The end the owner registers in its poller for reading. */
    public SelectableChannel source() {
        return pipe.source();
    }

    /** Whether {@link #close} has not run yet. */
    public boolean isOpen() {
        return pipe.sink().isOpen();
    }

    /**
     * Makes the source readable, unless a signal since the last drain already did. Any thread.
     *
     * @throws ClosedChannelException when the pipe was closed
     * @throws UncheckedIOException when the write fails otherwise
     */
    public void signal() throws ClosedChannelException {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            // At most one byte is ever in the pipe: a non-blocking write of it always goes in.
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a wake-up pipe", e);
        }
    }

    /**
     * Consumes the signal; owner only, and the owner looks at the state after. The pipe is emptied
     * before the flag is cleared: the other way round, a signal landing between the two would
     * leave the flag set with an empty pipe, and no later signal would write again.
     *
     * @throws UncheckedIOException when the read fails
     */
    public void drain() {
        try {
            // One read: signal() writes once per drain (a signal racing a drain may add a second
            // byte; the buffer takes 64, and a byte left over only wakes the owner once more).
            drained.clear();
            pipe.source().read(drained);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drain a wake-up pipe", e);
        }
        pending.set(false);
    }

    @Override
    public void close() throws IOException {
        try {
            pipe.sink().close();
        } finally {
            pipe.source().close();
        }
    }
}
