package io.titanicmq.runtime.worker;

import io.titanicmq.api.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one request a {@link WorkerConnection} runs at a time: where it runs (inline on the socket
 * thread for a {@linkplain Worker#nonBlocking() non-blocking} worker, else on the connection's
 * handler thread), how its result comes back (a queue and the socket thread's wake-up), and its
 * {@code handler-timeout}: a request still in its handler past it is given up with its thread,
 * and the next request runs on a fresh one. Socket-thread only, except {@link #shutdown}.
 */
final class RequestSlot {

    private static final Logger LOG = LoggerFactory.getLogger(RequestSlot.class);

    private final Worker worker;
    private final String service;
    private final String name;
    private final long maxMessageSize;
    private final Wakeup wakeup;
    private final Duration handlerTimeout;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private HostedRequest running;
    private byte[] address;
    private AtomicBoolean abandoned;
    private long deadline;
    private volatile HandlerThread handler;
    private int handlersReplaced;

    RequestSlot(Worker worker, String service, String name, WorkerSettings settings, Wakeup wakeup) {
        this.worker = worker;
        this.service = service;
        this.name = name;
        this.maxMessageSize = settings.maxMessageSize();
        this.wakeup = wakeup;
        this.handlerTimeout = settings.handlerTimeoutFor(service);
        this.handler = worker.nonBlocking() ? null : new HandlerThread(name + " handler", worker.getClass().getClassLoader());
    }

    /** The request running now, or null. */
    HostedRequest running() {
        return running;
    }

    /** The client address of the request running now, or null. */
    byte[] address() {
        return address;
    }

    /**
     * Runs {@code request}: a non-blocking worker's handler runs now (its completion is then
     * waiting in {@link #nextCompletion}), a blocking one's on the handler thread.
     *
     * @param abandonedFlag set when the request is given up; the request's progress reports
     *     signal the wake-up unless it is set
     */
    void start(HostedRequest request, byte[] clientAddress, AtomicBoolean abandonedFlag) {
        running = request;
        address = clientAddress;
        if (handler == null) {
            new RequestRunner(worker, service, name, request, clientAddress, maxMessageSize, completions::add).run();
            return;
        }
        abandoned = abandonedFlag;
        deadline = System.nanoTime() + handlerTimeout.toNanos();
        handler.execute(new RequestRunner(worker, service, name, request, clientAddress, maxMessageSize, c -> {
            if (!abandonedFlag.get()) {
                completions.add(c);
                wakeup.signalUnless(abandonedFlag);
            }
        }));
    }

    /** The running request's result once its handler returned (the slot is then free), else null. */
    Completion nextCompletion() {
        Completion c;
        while ((c = completions.poll()) != null) {
            if (c.request() == running) {
                running = null;
                address = null;
                return c;
            }
        }
        return null;
    }

    /** Whether the running request has been in its handler past {@code handler-timeout}. */
    boolean timedOut(long now) {
        return running != null && handler != null && !handlerTimeout.isZero() && now - deadline >= 0;
    }

    /** {@code next}, or the running request's handler-timeout deadline when that comes first. */
    long deadline(long next) {
        return running != null && handler != null && !handlerTimeout.isZero() ? Math.min(next, deadline) : next;
    }

    /**
     * Gives up the running request after {@link #timedOut}: cancels it, interrupts and abandons its
     * handler thread, starts a fresh one, and frees the slot.
     *
     * @return the client address to answer with a retryable failure
     */
    byte[] giveUp() {
        HostedRequest request = running;
        byte[] clientAddress = address;
        request.cancel();
        wakeup.abandon(abandoned, handler.thread());
        handler.abandon();
        handlersReplaced++;
        handler = new HandlerThread(name + " handler-" + handlersReplaced, worker.getClass().getClassLoader());
        LOG.warn("{}: request {} still in its handler after handler-timeout {}; answered as a retryable failure, "
                + "handler thread interrupted and replaced ({} so far)", name, request.id().orElse("(direct)"),
                handlerTimeout, handlersReplaced);
        running = null;
        address = null;
        abandoned = null;
        return clientAddress;
    }

    /** The failure a request given up by {@link #giveUp} is answered with. */
    List<byte[]> timeoutFailure() {
        return Completion.failure(true, "handler of service '" + service + "' timed out after " + handlerTimeout);
    }

    /** Takes no more requests and waits up to {@code waitMs} for a running handler (any thread). */
    void shutdown(long waitMs) {
        HandlerThread current = handler;
        if (current != null) {
            current.shutdown(waitMs);
        }
    }
}
