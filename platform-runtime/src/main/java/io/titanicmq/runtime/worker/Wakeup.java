package io.titanicmq.runtime.worker;

import io.titanicmq.runtime.local.WakePipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The wake-up of a worker socket thread: a {@link WakePipe} (registered in the thread's
 * {@code ZMQ.Poller}) with the hand-off that lets the owner interrupt a handler thread safely
 * ({@link #signalUnless}, {@link #abandon}). A signal is one byte; the owner drains all of them at
 * once and then looks at whatever state the signal announced.
 */
final class Wakeup implements AutoCloseable {

    private final WakePipe pipe = new WakePipe();
    /** Held while a signal is written, so that {@link #abandon}'s interrupt never lands inside it. */
    private final Object writing = new Object();

    /** The end to register with {@code poller.register(channel, POLLIN)}. */
    SelectableChannel source() {
        return pipe.source();
    }

    /**
     * Makes the source readable.
     *
     * @throws UncheckedIOException when the pipe is closed or the write fails
     */
    void signal() {
        synchronized (writing) {
            try {
                pipe.signal();
            } catch (ClosedChannelException e) {
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
        synchronized (writing) {
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
        synchronized (writing) {
            abandoned.set(true);
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Consumes every pending signal ({@link WakePipe#drain}); call only from the owning thread. */
    void drain() {
        pipe.drain();
    }

    @Override
    public void close() {
        try {
            pipe.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close wake-up pipe", e);
        }
    }
}
