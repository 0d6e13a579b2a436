package io.titanicmq.runtime.broker;

import io.titanicmq.runtime.local.WakePipe;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The broker's control channel: other threads queue tasks here and wake the broker thread through
 * a {@link WakePipe} whose source end is registered in the broker's poller. No ZeroMQ socket is
 * shared between threads. Wake-ups are coalesced: at most one byte is in the pipe at a time.
 */
final class Wakeup implements AutoCloseable {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final WakePipe pipe = new WakePipe();
    /** Per thread: 0 outside {@link #batch}; inside, 1 + whether a post still owes its wake-up. */
    private final ThreadLocal<int[]> batching = ThreadLocal.withInitial(() -> new int[2]);

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
        if (!pipe.isOpen()) {
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
        try {
            pipe.signal();
        } catch (ClosedChannelException e) {
            throw new RejectedExecutionException("The broker is closed", e);
        }
    }

    /**
     * Empties the pipe, then runs the queued tasks; a failing task goes to {@code onFailure} and
     * the others still run. Broker thread only. The signal is consumed before the queue is
     * drained, so a task posted meanwhile either runs now or wakes the poller again.
     */
    void runPending(Consumer<RuntimeException> onFailure) {
        pipe.drain();
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
        pipe.close();
    }
}
