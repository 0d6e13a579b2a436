package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Mdp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the storing of large requests to the thread {@code titanic-intake}, off the broker thread.
 * Storing encodes (and gzip-compresses) the request on the calling thread: for a request of tens
 * of MiB that took seconds, during which the broker sent no heartbeats and its own workers gave
 * it up as dead (found by the fuzz suite, docs/fault-suite.md). Small requests are stored on the
 * caller's thread, which costs less than a hand-over.
 */
final class LargeRequestIntake implements AutoCloseable {

    /** Requests with at least this many bytes (all frames) are stored on the intake thread. */
    static final int OFFLOAD_BYTES = 64 * 1024;
    /** Large requests waiting for the intake thread; beyond that the server answers busy. */
    private static final int CAPACITY = 64;

    private static final Logger LOG = LoggerFactory.getLogger(LargeRequestIntake.class);

    private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(CAPACITY), r -> {
                Thread t = new Thread(r, "titanic-intake");
                t.setDaemon(true);
                return t;
            });

    /**
     * Runs {@code storing} now when {@code frames} are small, else on the intake thread.
     *
     * @return the store's future; failed with "server busy" when too many large requests wait
     */
    <T> CompletableFuture<T> store(List<byte[]> frames, Supplier<CompletableFuture<T>> storing) {
        if (Mdp.bodySize(frames) < OFFLOAD_BYTES) {
            return storing.get();
        }
        try {
            return CompletableFuture.supplyAsync(storing, executor).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            LOG.warn("large request refused: {} large requests already wait to be stored", CAPACITY);
            return CompletableFuture.failedFuture(new IllegalStateException("server busy: too many large requests", e));
        }
    }

    @Override
    public void close() {
        Shutdowns.shutdownAndWait(executor, "titanic-intake", LOG);
    }
}
