package io.titanicmq.runtime.worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@code worker <service>#<n> handler} (or {@code handler-<k>} once a timed-out one
 * was replaced) that runs a connection's requests, so the socket thread stays free to heartbeat. It owns no socket. It is a daemon with the worker's class loader
 * as context loader: a handler that ignores cancellation cannot keep the process alive.
 */
final class HandlerThread {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerThread.class);

    private final String name;
    private final ExecutorService executor;
    private volatile Thread thread;

    /**
     * @param name the thread's name, e.g. {@code worker echo#2 handler}
     */
    HandlerThread(String name, ClassLoader workerLoader) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            thread = t;
            t.setDaemon(true);
            t.setContextClassLoader(workerLoader);
            t.setUncaughtExceptionHandler((th, e) -> LOG.error("{}: died", name, e));
            return t;
        });
    }

    /** Runs {@code task} after any task before it. */
    void execute(Runnable task) {
        executor.execute(task);
    }

    /** The thread, once it started; null before the first task. */
    Thread thread() {
        return thread;
    }

    /**
     * Gives the thread up without waiting: it takes no more tasks and ends when its running task
     * returns. The caller interrupts it if it wants the task to notice sooner.
     */
    void abandon() {
        executor.shutdown();
    }

    /** Takes no more tasks and waits up to {@code waitMs} for the running one; then abandons it. */
    void shutdown(long waitMs) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: still running a cancelled request after {} ms; abandoning the thread", name, waitMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for it to end", name);
        }
    }
}
