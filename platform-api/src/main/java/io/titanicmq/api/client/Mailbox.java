package io.titanicmq.api.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The way into the I/O thread: a lock-free queue of commands plus a {@link Pipe} whose source the
 * I/O thread polls next to its sockets. Callers write one byte only when the I/O thread has not
 * been woken since it last drained, so a burst of requests costs one wake-up.
 *
 * <p>It also bounds the client: at most {@code limit} requests may be unfinished at once.
 */
final class Mailbox {

    private static final System.Logger LOG = System.getLogger(Mailbox.class.getName());

    /** What {@link #submit} did with a request. */
    enum Admission { ACCEPTED, FULL, CLOSED }

    private final ConcurrentLinkedQueue<LoopCommand> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final int limit;
    private final Pipe pipe;
    private final ByteBuffer drainBuffer = ByteBuffer.allocate(64);
    private volatile boolean closed;

    Mailbox(int limit) {
        this.limit = limit;
        try {
            this.pipe = Pipe.open();
            pipe.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the client's wake-up pipe", e);
        }
    }

    /** The channel the I/O thread registers in its poller. */
    SelectableChannel wakeUpChannel() {
        return pipe.source();
    }

    /** Requests accepted and not completed yet. */
    int unfinished() {
        return unfinished.get();
    }

    /** Whether the mailbox was closed: the I/O thread is gone or going. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Hands a request to the I/O thread unless the client is full or closed. An accepted request
     * counts as unfinished until its future completes, whoever completes it.
     */
    Admission submit(PendingCall call, Consumer<PendingCall> rejectAfterClose) {
        if (closed) {
            return Admission.CLOSED;
        }
        if (unfinished.incrementAndGet() > limit) {
            unfinished.decrementAndGet();
            return Admission.FULL;
        }
        call.future.whenComplete((reply, failure) -> unfinished.decrementAndGet());
        queue.add(call);
        if (closed) {
            // The I/O thread may have drained the queue for the last time before our add.
            drainAfterClose(rejectAfterClose);
        } else {
            wakeUp();
        }
        return Admission.ACCEPTED;
    }

    /** Asks the I/O thread to stop. */
    void shutdown() {
        queue.add(LoopCommand.Shutdown.INSTANCE);
        wakeUp();
    }

    /** I/O thread: consume the wake-up bytes and re-arm, then take every queued command. */
    void drain(Consumer<LoopCommand> handler) {
        try {
            int read;
            do {
                drainBuffer.clear();
                read = pipe.source().read(drainBuffer);
            } while (read > 0);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "client wake-up pipe read failed; commands are still taken from the queue", e);
        }
        woken.set(false);
        LoopCommand command;
        while ((command = queue.poll()) != null) {
            handler.accept(command);
        }
    }

    /** I/O thread, last act: refuse new requests, reject what is still queued, close the pipe. */
    void close(Consumer<PendingCall> reject) {
        closed = true;
        drainAfterClose(reject);
        closeQuietly(pipe.sink());
        closeQuietly(pipe.source());
    }

    private void drainAfterClose(Consumer<PendingCall> reject) {
        LoopCommand command;
        while ((command = queue.poll()) != null) {
            if (command instanceof PendingCall) {
                reject.accept((PendingCall) command);
            }
        }
    }

    private void wakeUp() {
        if (!woken.compareAndSet(false, true)) {
            return;
        }
        // A pipe is an interruptible channel: writing from a thread whose interrupt flag is set
        // would close it for everyone. Clear the flag around the one-byte write, then restore it.
        boolean interrupted = Thread.interrupted();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.ERROR, "client wake-up pipe write failed while the client is open", e);
            } else {
                LOG.log(Level.DEBUG, "client wake-up pipe already closed", e);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the client wake-up pipe failed", e);
        }
    }
}
