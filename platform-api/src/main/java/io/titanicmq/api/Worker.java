package io.titanicmq.api;

import java.util.List;

/**
 * A service implementation hosted by TitanicMQ: one MDP service name and a handler from request
 * frames to reply frames.
 *
 * <p>Plug-ins list their implementations in {@code META-INF/services/io.titanicmq.api.Worker}
 * inside the plug-in jar; modules on the module path declare
 * {@code provides io.titanicmq.api.Worker with ...}. The class needs a public no-argument
 * constructor. The host calls {@link #start(WorkerContext)} once before the first request and
 * {@link #stop()} once after the last; {@link #handle(Request)} may be called from several threads
 * at once (one per worker connection, see {@code titanic.workers.concurrency}), so keep it
 * thread-safe.
 *
 * <p>Failures: throw {@link WorkerException#terminal(String)} for a request that can never succeed
 * (bad input), {@link WorkerException#retryable(String)} for one that may succeed on another try.
 * Any other {@link RuntimeException} counts as retryable. Titanic bounds retries with
 * {@code max-attempts}.
 */
public interface Worker {

    /** The MDP service name this worker serves, e.g. {@code "echo"}; must not start with {@code mmi.}. */
    String service();

    /**
     * Handles one request.
     *
     * @param request the request frames and the per-request capabilities (progress, cancel, scratch)
     * @return the reply frames (may be empty)
     * @throws WorkerException when the request failed, terminally or retryably
     */
    List<byte[]> handle(Request request) throws WorkerException;

    /**
     * Whether {@link #handle(Request)} is quick and never blocks: no I/O, no waiting on locks or
     * other threads, microseconds of CPU (an echo, a lookup in memory). The platform then runs it on
     * the thread that owns the service's broker connections, which saves two thread hand-offs per
     * request and lets one wake-up serve many requests. Such a handler is never cancelled and its
     * progress is not sent, and while it runs the service's connections do not heartbeat, so a
     * handler that blocks stalls its own service (never another). The default is {@code false}:
     * each connection runs its handler on a thread of its own.
     *
     * @return true to run {@link #handle(Request)} on the connections' thread
     */
    default boolean nonBlocking() {
        return false;
    }

    /**
     * Called once before the first request.
     *
     * @param context what the platform gives this worker: config section, logger, data directory
     */
    default void start(WorkerContext context) {
    }

    /** Called once after the last request; release what {@link #start(WorkerContext)} took. */
    default void stop() {
    }
}
