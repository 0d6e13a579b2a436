package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a request's outcome (reply or failure), retrying while the store refuses it — e.g. FAILED
 * during a disk fault, until its probe recovered — so a reply already computed is not lost and
 * does not wait for a restart. The outcome stays in memory meanwhile; retries back off from 1 s
 * doubling to 30 s, and stop once the request is no longer pending (closed, or another outcome
 * stored first).
 */
final class OutcomeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final long FIRST_RETRY_MILLIS = 1000;
    private static final long MAX_RETRY_MILLIS = 30_000;

    private final RequestStore store;
    private final ScheduledExecutorService timer;

    OutcomeWriter(RequestStore store, ScheduledExecutorService timer) {
        this.store = store;
        this.timer = timer;
    }

    /**
     * Writes with {@code write} until it succeeds or the request is no longer pending.
     *
     * @param what for the log, e.g. "reply"
     * @return completes once stored, or once there is nothing to store any more; fails only when
     *     the retries stopped (the dispatcher was closed) with the last error
     */
    CompletableFuture<Void> write(RequestId id, String what, Supplier<CompletableFuture<Void>> write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(id, what, write, done, FIRST_RETRY_MILLIS);
        return done;
    }

    private void attempt(RequestId id, String what, Supplier<CompletableFuture<Void>> write,
                         CompletableFuture<Void> done, long retryMillis) {
        write.get().whenComplete((ok, error) -> {
            if (error == null) {
                if (retryMillis > FIRST_RETRY_MILLIS) {
                    LOG.info("the {} of {} is stored after all", what, id.hex());
                }
                done.complete(null);
                return;
            }
            Optional<RequestState> state = store.get(id);
            if (state.isEmpty() || !(state.get() instanceof RequestState.Pending)) {
                done.complete(null);
                return;
            }
            if (retryMillis == FIRST_RETRY_MILLIS) {
                LOG.error("could not store the {} of {}; kept in memory and retried every {} s at most: {}", what,
                        id.hex(), MAX_RETRY_MILLIS / 1000, error.toString());
            } else {
                LOG.debug("storing the {} of {} failed again: {}", what, id.hex(), error.toString());
            }
            try {
                timer.schedule(() -> attempt(id, what, write, done, Math.min(retryMillis * 2, MAX_RETRY_MILLIS)),
                        retryMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                LOG.warn("dispatcher stopped; the {} of {} was not stored and the request stays pending", what, id.hex());
                done.completeExceptionally(error);
            }
        });
    }
}
