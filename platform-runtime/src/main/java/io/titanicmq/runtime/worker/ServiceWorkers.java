package io.titanicmq.runtime.worker;

import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZContext;

/**
 * The {@link WorkerConnection}s serving one {@link Worker}: {@code concurrency} connections, so that
 * many requests of the service run at once. It does not call {@link Worker#start} or
 * {@link Worker#stop}; whoever owns the worker does.
 */
public final class ServiceWorkers implements AutoCloseable {

    private final String service;
    private final List<WorkerConnection> connections;

    /**
     * Prepares {@code settings.concurrencyFor(service)} connections; {@link #start()} connects them.
     *
     * @param ctx the process's context
     * @param settings the worker settings, including the number of connections
     * @param worker the started worker to serve
     * @param workerContext the worker's context
     */
    public ServiceWorkers(ZContext ctx, WorkerSettings settings, Worker worker, WorkerContext workerContext) {
        int count = settings.concurrencyFor(worker.service());
        List<WorkerConnection> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            list.add(new WorkerConnection(ctx, settings, worker, workerContext, i));
        }
        this.connections = List.copyOf(list);
        this.service = worker.service();
    }

    /** The service these connections serve. */
    public String service() {
        return service;
    }

    /** How many connections serve the service. */
    public int size() {
        return connections.size();
    }

    /** Connects every connection. */
    public void start() {
        connections.forEach(WorkerConnection::start);
    }

    /** Starts closing every connection at once, without waiting; {@link #close()} waits. */
    public void beginClose() {
        connections.forEach(WorkerConnection::beginClose);
    }

    /**
     * Closes every connection gracefully; they close in parallel, so the whole takes about one
     * {@code stopGrace} at most, not one per connection.
     */
    @Override
    public void close() {
        beginClose();
        connections.forEach(WorkerConnection::close);
    }
}
