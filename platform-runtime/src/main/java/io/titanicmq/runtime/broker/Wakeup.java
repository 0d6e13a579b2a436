package io.titanicmq.runtime.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The broker's control channel: other threads queue tasks here and wake the broker thread by
 * writing a byte to a pipe whose source end is registered in the broker's poller. No ZeroMQ socket
 * is shared between threads. Wake-ups are coalesced: at most one byte is in the pipe at a time.
 */
final class Wakeup implements AutoCloseable {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Pipe pipe;
    private final ByteBuffer drain = ByteBuffer.allocate(64);
    /** Per thread: 0 outside {@link #batch}; inside, 1 + whether a post still owes its wake-up. */
    private final ThreadLocal<int[]> batching = ThreadLocal.withInitial(() -> new int[2]);

    Wakeup() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the broker's wake-up pipe", e);
        }
    }

    /** The channel to register for POLLIN in the broker's poller. */
    SelectableChannel channel() {
        return pipe.source();
    }

    /**
     * Queues a task for the broker thread and wakes it. Any thread.
     *
     * @throws RejectedExecutionException when the broker was closed
     */
    void post(Runnable task) {
        if (!pipe.sink().isOpen()) {
            throw new RejectedExecutionException("The broker is closed");
        }
        tasks.add(task);
        int[] batch = batching.get();
        if (batch[0] > 0) {
            batch[1] = 1;
        } else {
            signal();
        }
    }

    /**
     * Runs {@code work} on the calling thread; the tasks it posts wake the broker thread once, at
     * the end, instead of once each. Without it a thread posting many tasks in a row (the journal
     * writer completing a group commit) plays ping-pong with the broker thread, which wakes, runs
     * one task and sleeps again for every post. Nests.
     */
    void batch(Runnable work) {
        int[] batch = batching.get();
        batch[0]++;
        try {
            work.run();
        } finally {
            if (--batch[0] == 0 && batch[1] == 1) {
                batch[1] = 0;
                signal();
            }
        }
    }

    /**
     * Wakes the broker thread without a task, when something else it looks at after each wake-up
     * changed (the in-process links' inbox). Any thread.
     *
     * @throws RejectedExecutionException when the broker was closed
     */
    void signal() {
        if (signalled.compareAndSet(false, true)) {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (ClosedChannelException e) {
                throw new RejectedExecutionException("The broker is closed", e);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot wake the broker thread", e);
            }
        }
    }

    /**
     * Empties the pipe, then runs the queued tasks; a failing task goes to {@code onFailure} and
     * the others still run. Broker thread only. The flag is cleared before
     * the queue is drained, so a task posted meanwhile either runs now or wakes the poller again.
     */
    void runPending(Consumer<RuntimeException> onFailure) throws IOException {
        drain.clear();
        while (pipe.source().read(drain) > 0) {
            drain.clear();
        }
        signalled.set(false);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }
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
