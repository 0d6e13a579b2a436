package io.titanicmq.runtime.worker;

import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The {@link WorkerConnection}s serving one {@link Worker}: {@code concurrency} connections, so that
 * many requests of the service run at once, all driven by one socket thread {@code worker <service>}
 * with one poller. Under load the broker hands out many requests at once; one thread reading all of
 * them after one wake-up (and sending all replies before it sleeps again) costs far less than a
 * thread and a wake-up per connection. It does not call {@link Worker#start} or
 * {@link Worker#stop}; whoever owns the worker does.
 *
 * <p>The thread is stopped by a signal on its {@link Wakeup} pipe, never by an interrupt.
 */
public final class ServiceWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceWorkers.class);

    private final ZContext ctx;
    private final WorkerSettings settings;
    private final String service;
    private final List<WorkerConnection> connections;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread thread;

    /**
     * Prepares {@code settings.concurrencyFor(service)} connections; {@link #start()} connects them.
     *
     * @param ctx the process's context; the socket thread works on a shadow of it
     * @param settings the worker settings, including the number of connections
     * @param worker the started worker to serve; {@link Worker#service()} is read once, here
     * @param workerContext the worker's context
     */
    public ServiceWorkers(ZContext ctx, WorkerSettings settings, Worker worker, WorkerContext workerContext) {
        this.ctx = ctx;
        this.settings = settings;
        this.service = worker.service();
        int count = settings.concurrencyFor(service);
        List<WorkerConnection> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            list.add(new WorkerConnection(settings, worker, workerContext, i, wakeup));
        }
        this.connections = List.copyOf(list);
        this.thread = new Thread(this::run, name());
    }

    /** The service these connections serve. */
    public String service() {
        return service;
    }

    /** The socket thread's name, {@code worker <service>}. */
    public String name() {
        return "worker " + service;
    }

    /** How many connections serve the service. */
    public int size() {
        return connections.size();
    }

    /** Starts the socket thread: every connection connects, sends READY and serves. */
    public void start() {
        thread.start();
    }

    /** Starts closing every connection at once, without waiting; {@link #close()} waits. */
    public void beginClose() {
        if (closing.compareAndSet(false, true)) {
            wakeup.signal();
        }
    }

    /**
     * Closes every connection gracefully, all at once: a running request gets up to
     * {@code stopGrace} to finish (its REPLY is sent first), then each connection sends DISCONNECT.
     * Waits a bounded time for the threads.
     */
    @Override
    public void close() {
        beginClose();
        if (thread.isAlive()) {
            long waitMs = settings.stopGrace().toMillis() + WorkerConnection.CLOSE_LINGER_MS + 5000;
            try {
                thread.join(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("{}: interrupted while waiting for the connections to close", name());
            }
            if (thread.isAlive()) {
                LOG.warn("{}: still running {} ms after close", name(), waitMs);
            }
        }
        connections.forEach(c -> c.shutdownHandler(1000));
        if (!thread.isAlive()) {
            wakeup.close();
        }
    }

    private void run() {
        try (ZContext threadContext = ctx.shadow();
             ZMQ.Poller poller = threadContext.createPoller(connections.size() + 1)) {
            int wakeIndex = poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
            connections.forEach(c -> c.open(threadContext, poller));
            serve(poller, wakeIndex);
        } catch (ZMQException e) {
            if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                LOG.debug("{}: context terminated", name());
            } else {
                LOG.error("{}: stopped by a ZeroMQ error", name(), e);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: stopped by an unexpected error", name(), e);
        }
        LOG.debug("{}: stopped", name());
    }

    /** The loop: poll until the next deadline of any connection, then give each connection a turn. */
    private void serve(ZMQ.Poller poller, int wakeIndex) {
        List<WorkerConnection> open = new ArrayList<>(connections);
        while (!open.isEmpty()) {
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (WorkerConnection c : open) {
                next = Math.min(next, c.nextDeadline(now) - now);
            }
            poller.poll(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next) + 1));
            // The wake-up index stays 0: it is registered first and never unregistered.
            if (poller.pollin(wakeIndex)) {
                wakeup.drain();
            }
            now = System.nanoTime();
            boolean stopping = closing.get();
            for (int i = open.size() - 1; i >= 0; i--) {
                WorkerConnection c = open.get(i);
                if (c.step(now, stopping)) {
                    c.finish();
                    open.remove(i);
                }
            }
        }
    }
}
