package io.titanicmq.runtime.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a thread blocked in a {@code ZMQ.Poller} from any other thread without sharing a ZeroMQ
 * socket: a {@link Pipe} whose source end is registered in the poller. A signal is one byte; the
 * owner drains all of them at once and then looks at whatever state the signal announced. Signals
 * between two drains write the pipe once: the owner looks at all the state after a drain anyway.
 */
final class Wakeup implements AutoCloseable {

    private final Pipe pipe;
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer drain = ByteBuffer.allocate(64);
    private final AtomicBoolean pending = new AtomicBoolean();

    Wakeup() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open wake-up pipe", e);
        }
    }

    /** The end to register with {@code poller.register(channel, POLLIN)}. */
    SelectableChannel source() {
        return pipe.source();
    }

    /**
     * Makes the source readable. A full pipe already holds unread signals, so a write that
     * transfers nothing is fine.
     */
    void signal() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        synchronized (one) {
            try {
                one.clear();
                one.put((byte) 1).flip();
                pipe.sink().write(one);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot signal wake-up pipe", e);
            }
        }
    }

    /**
     * Signals unless {@code abandoned} is set. With {@link #abandon} this lets the owner interrupt
     * a thread that signals: the interrupt can never land inside the pipe write (which would close
     * the pipe for good, pipes being interruptible channels).
     */
    void signalUnless(AtomicBoolean abandoned) {
        synchronized (one) {
            if (!abandoned.get()) {
                signal();
            }
        }
    }

    /**
     * Sets {@code abandoned} and interrupts {@code thread}, while no signal is being written: the
     * thread's later {@link #signalUnless} calls do nothing.
     */
    void abandon(AtomicBoolean abandoned, Thread thread) {
        synchronized (one) {
            abandoned.set(true);
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /**
     * Consumes every pending signal; call only from the owning thread, and look at the state after.
     * The pipe is emptied before the flag is cleared: the other way round, a signal landing between
     * the two would leave the flag set with an empty pipe, and no later signal would write again.
     */
    void drain() {
        try {
            int n;
            do {
                drain.clear();
                n = pipe.source().read(drain);
            } while (n > 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drain wake-up pipe", e);
        }
        pending.set(false);
    }

    @Override
    public void close() {
        try {
            pipe.sink().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close wake-up pipe", e);
        } finally {
            try {
                pipe.source().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close wake-up pipe", e);
            }
        }
    }
}
