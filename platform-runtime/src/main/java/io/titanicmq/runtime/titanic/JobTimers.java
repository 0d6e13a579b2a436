package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.store.RequestId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's one timer per job (an attempt's timeout, or the backoff before a retry). The
 * thread {@code titanic-dispatcher-timers} only waits; a due action is handed to {@code owner}
 * (the broker thread, where the dispatcher's state lives). Every method but {@link #close()} is
 * called on the owner's thread.
 */
final class JobTimers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobTimers.class);

    private final Executor owner;
    private final ScheduledThreadPoolExecutor thread;
    private final Map<RequestId, ScheduledFuture<?>> timers = new HashMap<>();

    JobTimers(Executor owner) {
        this.owner = owner;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "titanic-dispatcher-timers");
            t.setDaemon(true);
            return t;
        });
        this.thread.setRemoveOnCancelPolicy(true);
    }

    /** Sets the job's timer, replacing any: {@code action} runs on the owner's thread after {@code delay}. */
    void schedule(RequestId id, Runnable action, Duration delay) {
        cancel(id);
        timers.put(id, thread.schedule(() -> owner.execute(action), delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * The timer thread itself, for waits that touch no dispatcher state (the store's retries of an
     * outcome it could not write yet).
     */
    ScheduledExecutorService scheduler() {
        return thread;
    }

    /** Forgets the job's timer once it fired (its action is running). */
    void fired(RequestId id) {
        timers.remove(id);
    }

    /** Cancels the job's timer, if any. */
    void cancel(RequestId id) {
        ScheduledFuture<?> timer = timers.remove(id);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Stops the timer thread; pending timers never fire. Not {@code shutdownNow}: an interrupt
     * landing while the thread hands an action to the broker would close the broker's wake-up pipe
     * (an interruptible channel) and so break the broker.
     */
    @Override
    public void close() {
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        Shutdowns.shutdownAndWait(thread, "the dispatcher timers", LOG);
    }
}
